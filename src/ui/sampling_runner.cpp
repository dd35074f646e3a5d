#include "ui/sampling_runner.hpp"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <climits>

namespace ps::ui {

namespace {
using clock = std::chrono::steady_clock;
constexpr double k_chunk_seconds = 0.025;  // work per chunk before the picture is refreshed
constexpr double k_window_seconds = 2.0;   // the speed counter's window

double seconds_since(clock::time_point t0) {
    return std::chrono::duration<double>(clock::now() - t0).count();
}
}  // namespace

SamplingRunner::~SamplingRunner() {
    m_cancel = true;
    wait();
}

void SamplingRunner::wait() {
    if (m_task.valid()) m_task.get();  // run_chunk catches everything; nothing is rethrown
    m_cancel = false;
}

void SamplingRunner::restart(Setup setup, long long jump_to, bool hold_view) {
    cancel();
    wait();
    m_backs = m_steps = 0;
    m_jump = -1;
    m_error.clear();
    m_sampler.reset();
    m_setup = std::move(setup);
    m_mode = m_setup.mode;
    try {
        m_sampler = std::make_unique<engine::Sampler>(*m_setup.model, m_setup.count, m_setup.seed,
                                                      m_setup.temperature, m_mode);
        if (m_setup.keep_rows > 0) m_sampler->reset_with_prefix(m_setup.prefix, m_setup.keep_rows);
    } catch (...) {
        m_sampler.reset();
        m_view = View{};  // nothing to show: the old picture belongs to another setup
        throw;
    }
    if (jump_to > m_sampler->position()) m_jump = std::min(jump_to, m_sampler->total());
    m_hold_view = hold_view && m_view.valid && m_jump >= 0;
    if (!m_hold_view) copy_view();
}

void SamplingRunner::step(long long n) {
    if (n <= 0 || !m_sampler) return;
    m_steps = m_steps >= LLONG_MAX - n ? LLONG_MAX : m_steps + n;
}

void SamplingRunner::run_to_end() {
    if (m_sampler) m_steps = LLONG_MAX;
}

void SamplingRunner::back(long long n) {
    if (n <= 0 || !m_sampler) return;
    m_steps = 0;
    m_jump = -1;
    m_backs += n;
}

void SamplingRunner::jump_to(long long position) {
    if (!m_sampler) return;
    m_steps = m_backs = 0;
    m_jump = std::clamp(position, m_view.first, m_view.total);
    if (m_task.valid()) m_cancel = true;
    // going back is a reset and a replay (each step back costs nothing, but a jump may be long)
}

void SamplingRunner::cancel() {
    m_steps = 0;
    m_jump = -1;
    if (m_task.valid()) m_cancel = true;
}

void SamplingRunner::set_mode(engine::SampleMode mode) {
    m_mode = mode;
}

SamplingRunner::Result SamplingRunner::run_chunk(engine::Sampler& s, Chunk c,
                                                 std::atomic<bool>& cancel) {
    Result r;
    const auto t0 = clock::now();
    try {
        for (; r.backs < c.backs && !cancel; ++r.backs)
            if (!s.step_back()) {
                r.backs = c.backs;  // at the first position: nothing more to undo
                break;
            }
        if (c.jump >= 0) {
            if (c.jump < s.position()) {  // backwards: replaying is cheaper than undoing
                while (s.position() > c.jump && s.step_back()) {
                }
            }
            s.set_mode(engine::SampleMode::cached);
            const auto j0 = clock::now();
            while (s.position() < c.jump && !s.done() && !cancel &&
                   seconds_since(t0) < k_chunk_seconds) {
                s.step();
                ++r.jumped;
            }
            r.jump_seconds = seconds_since(j0);
            s.set_mode(c.mode);
            if (s.position() < c.jump && !s.done()) return r;  // the jump continues next chunk
        }
        s.set_mode(c.mode);
        const auto s0 = clock::now();
        while (r.steps < c.steps && !s.done() && !cancel && seconds_since(t0) < k_chunk_seconds) {
            s.step();
            ++r.steps;
        }
        r.step_seconds = seconds_since(s0);
    } catch (const std::exception& e) {
        r.error = e.what();
    }
    return r;
}

bool SamplingRunner::update() {
    using namespace std::chrono_literals;
    bool changed = false;
    if (m_task.valid()) {
        if (m_task.wait_for(0s) != std::future_status::ready) return false;
        const Result r = m_task.get();
        const bool cancelled = m_cancel.exchange(false);
        if (!r.error.empty()) {
            m_error = r.error;
            m_steps = m_backs = 0;
            m_jump = -1;
        }
        m_backs = std::max(0LL, m_backs - r.backs);
        if (m_running.jump >= 0 && m_jump == m_running.jump &&
            (m_sampler->position() >= m_jump || m_sampler->done()))
            m_jump = -1;
        if (m_steps != LLONG_MAX) m_steps = std::max(0LL, m_steps - r.steps);
        if (m_sampler->done()) m_steps = 0;
        if (cancelled && m_jump < 0) m_steps = 0;
        measure(engine::SampleMode::cached, r.jumped, r.jump_seconds);
        measure(m_running.mode, r.steps, r.step_seconds);
        if (!(m_hold_view && m_jump >= 0 && m_error.empty())) {  // else: still replaying
            m_hold_view = false;
            copy_view();
            changed = true;
        }
    }
    if (!m_sampler || !pending()) return changed;
    if (m_sampler->done() && m_backs == 0 && (m_jump < 0 || m_jump >= m_sampler->position())) {
        m_steps = 0;
        m_jump = -1;
        return changed;
    }
    m_running = Chunk{m_backs, m_jump, m_steps, m_mode};
    engine::Sampler* sampler = m_sampler.get();
    std::atomic<bool>* cancel = &m_cancel;
    const Chunk chunk = m_running;
    m_task = std::async(std::launch::async, [sampler, chunk, cancel]() {
        // a little below the frame loop: on 2 cores the window stays smooth
        setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), 5);
        return run_chunk(*sampler, chunk, *cancel);
    });
    return changed;
}

void SamplingRunner::copy_view() {
    const engine::Sampler& s = *m_sampler;
    View& v = m_view;
    v.valid = true;
    v.images = s.images();
    v.count = s.count();
    v.position = s.position();
    v.total = s.total();
    v.first = s.first_position();
    v.last_position = s.last_position();
    v.done = s.done();
    v.mode = m_mode;
    if (!v.done) {
        v.row = s.row();
        v.col = s.col();
        v.channel = s.channel();
    } else {
        v.row = int(s.images().shape(2));  // past the last row
        v.col = 0;
        v.channel = 0;
    }
    v.dist.resize(std::size_t(v.count));
    v.last_values.resize(std::size_t(v.count));
    for (int b = 0; b < v.count; ++b) {
        v.dist[std::size_t(b)] = s.last_distribution(b);
        v.last_values[std::size_t(b)] = s.last_value(b);
    }
}

void SamplingRunner::measure(engine::SampleMode mode, long long steps, double seconds) {
    if (steps <= 0 || seconds <= 0) return;
    auto& q = m_samples[int(mode)];
    const auto now = clock::now();
    q.push_back(Sample{now, steps * m_view.count, steps, seconds});
    while (!q.empty() &&
           std::chrono::duration<double>(now - q.front().at).count() > k_window_seconds)
        q.pop_front();
    long long values = 0, n = 0;
    double secs = 0;
    for (const Sample& x : q) {
        values += x.values;
        n += x.steps;
        secs += x.seconds;
    }
    if (secs > 0) {
        m_rate[int(mode)] = double(values) / secs;
        m_step_seconds[int(mode)] = secs / double(n);
    }
}

}  // namespace ps::ui
