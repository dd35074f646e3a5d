#include "app/app_state.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <numeric>
#include <vector>

namespace ps::app {

bool parse_tab(const std::string& name, Tab& tab) {
    for (const TabInfo& info : k_tabs) {
        if (name == info.cli_name) {
            tab = info.tab;
            return true;
        }
    }
    return false;
}

std::string tab_names() {
    std::string names;
    for (const TabInfo& info : k_tabs) {
        if (!names.empty()) names += ", ";
        names += info.cli_name;
    }
    return names;
}

std::string find_asset(const std::string& relative) {
    namespace fs = std::filesystem;
    std::vector<fs::path> roots;
    if (const char* env = std::getenv("PIXELSCOPE_ASSETS")) roots.emplace_back(env);
#ifdef PIXELSCOPE_SOURCE_ROOT
    roots.push_back(fs::path(PIXELSCOPE_SOURCE_ROOT) / "assets");
#endif
    char buf[4096];
    const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n > 0) {
        buf[n] = '\0';
        const fs::path exe_dir = fs::path(buf).parent_path();
        roots.push_back(exe_dir / ".." / "assets");
        roots.push_back(exe_dir / "assets");
    }
    roots.emplace_back("assets");
    for (const fs::path& root : roots) {
        std::error_code ec;
        const fs::path candidate = root / relative;
        if (fs::is_regular_file(candidate, ec)) return candidate.lexically_normal().string();
    }
    return {};
}

// --- frame times ------------------------------------------------------------------------------

void FrameTimes::add(double ms) {
    m_recent[m_count % k_recent] = float(ms);
    ++m_count;
    if (m_keep_all) m_all.push_back(float(ms));
}

float FrameTimes::recent_mean_ms() const {
    const std::size_t n = std::min(m_count, k_recent);
    if (n == 0) return 0.f;
    return std::accumulate(m_recent.begin(), m_recent.begin() + n, 0.f) / float(n);
}

FrameTimes::Summary FrameTimes::summary() const {
    std::vector<float> times =
        m_keep_all
            ? m_all
            : std::vector<float>(m_recent.begin(), m_recent.begin() + std::min(m_count, k_recent));
    Summary s;
    s.frames = int(times.size());
    if (times.empty()) return s;
    std::sort(times.begin(), times.end());
    s.mean_ms = std::accumulate(times.begin(), times.end(), 0.0) / double(times.size());
    // Nearest-rank 95th percentile: the smallest time that at least 95% of frames do not exceed.
    const std::size_t rank = std::size_t(std::ceil(0.95 * double(times.size())));
    s.p95_ms = times[std::max<std::size_t>(rank, 1) - 1];
    s.max_ms = times.back();
    return s;
}

// --- dataset loading ----------------------------------------------------------------------------

namespace {
void install(data::DatasetResult&& result, const std::string& name, DatasetState& state) {
    state.loading.clear();
    if (result.ok) {
        state.dataset = std::make_shared<const data::Dataset>(std::move(result.dataset));
        state.error.clear();
        ++state.generation;
    } else {
        state.error = result.error.empty() ? name + ": could not be loaded" : result.error;
    }
}
}  // namespace

void DatasetLoader::start(const std::string& name_or_path, DatasetState& state) {
    if (busy()) return;
    state.loading = name_or_path;
    m_future =
        std::async(std::launch::async, [name_or_path] { return data::load_dataset(name_or_path); });
}

bool DatasetLoader::poll(DatasetState& state) {
    if (!busy()) return false;
    if (m_future.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return false;
    const std::string name = state.loading;
    install(m_future.get(), name, state);
    return true;
}

bool load_dataset_now(const std::string& name_or_path, DatasetState& state) {
    install(data::load_dataset(name_or_path), name_or_path, state);
    return state.error.empty();
}

}  // namespace ps::app
