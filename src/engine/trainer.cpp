#include "engine/trainer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

namespace ps::engine {

struct Trainer::Worker {
    std::unique_ptr<ModelCache> cache;
    Tensor4<float> x, logits, dlogits;  // this worker's slice of the batch
    Gradients<float> grads;
    std::vector<float> nll;
    double nll_sum = 0;
};

Trainer::Trainer(Model<float>& model, TrainerOptions options)
    : m_model(&model), m_adam(model.params(), options.adam), m_ema_decay(options.ema_decay) {
    // NaN fails every comparison: it would leave m_average empty while averaged_values(), which
    // asks `<= 0`, read it (`train --ema nan` crashed there)
    if (!(m_ema_decay >= 0.0 && m_ema_decay < 1.0))
        throw EngineError("TrainerOptions.ema_decay must be in [0, 1), got " +
                          std::to_string(m_ema_decay));
    if (m_ema_decay > 0)
        for (const auto& p : model.params().all()) m_average.push_back(xt::zeros<float>({p.size()}));
    const int n = std::max(1, std::min(options.threads, 64));
    for (int t = 0; t < n; ++t) {
        auto w = std::make_unique<Worker>();
        w->cache = model.make_cache();
        w->grads = model.params().zero_gradients();
        m_workers.push_back(std::move(w));
    }
}

Trainer::~Trainer() = default;

void Trainer::parallel(const std::function<void(int)>& fn) {
    std::vector<std::thread> threads;
    for (int t = 1; t < int(m_workers.size()); ++t) threads.emplace_back(fn, t);
    fn(0);
    for (auto& th : threads) th.join();
}

namespace {

// images [begin, end) of x into out
void slice_batch(Tensor4<float>& out, const Tensor4<float>& x, std::size_t begin, std::size_t end) {
    const std::size_t per = x.shape(1) * x.shape(2) * x.shape(3);
    out.resize({end - begin, x.shape(1), x.shape(2), x.shape(3)});
    std::copy(x.data() + begin * per, x.data() + end * per, out.data());
}

}  // namespace

void Trainer::forward_image(Worker& w, const Tensor4<float>& x, std::size_t i) const {
    slice_batch(w.x, x, i, i + 1);
    m_model->forward(w.logits, *w.cache, w.x);
    w.nll.resize(1);
    nll_forward(w.nll.data(), w.logits, w.x, m_model->config().output);
    w.nll_sum += w.nll[0];
}

double Trainer::step(const Tensor4<float>& x) {
    const std::size_t B = x.shape(0), n = m_workers.size();
    if (B == 0) throw EngineError("Trainer::step: empty batch " + shape_string(x.shape()));
    const Model<float>& model = *m_model;
    parallel([&](int t) {
        Worker& w = *m_workers[std::size_t(t)];
        for (auto& g : w.grads) std::fill(g.begin(), g.end(), 0.0f);
        w.nll_sum = 0;
        // one image at a time: forward, loss and backward of an image reuse the same (cache-hot)
        // activation buffers; the gradients of the images add up in w.grads
        for (std::size_t i = B * std::size_t(t) / n; i < B * std::size_t(t + 1) / n; ++i) {
            forward_image(w, x, i);
            w.dlogits.resize(w.logits.shape());
            std::fill(w.dlogits.begin(), w.dlogits.end(), 0.0f);
            nll_backward(w.dlogits, w.logits, w.x, model.config().output, 1.0f / float(B));
            model.backward(w.grads, nullptr, w.dlogits, *w.cache, w.x);
        }
    });
    ParamList<float>& params = m_model->params();
    for (int k = 0; k < params.size(); ++k) {
        Param<float>& p = params[k];
        std::copy(m_workers[0]->grads[std::size_t(k)].begin(),
                  m_workers[0]->grads[std::size_t(k)].end(), p.grad.begin());
        for (std::size_t t = 1; t < n; ++t) p.grad += m_workers[t]->grads[std::size_t(k)];
    }
    double total = 0;
    for (const auto& w : m_workers) total += w->nll_sum;
    m_adam.step();
    if (m_ema_decay > 0) {
        const float d = float(m_ema_decay);
        for (int k = 0; k < params.size(); ++k) {
            float* avg = m_average[std::size_t(k)].data();
            const float* v = params[k].value.data();
            for (std::size_t i = 0; i < params[k].size(); ++i)
                avg[i] = d * avg[i] + (1.0f - d) * v[i];
        }
    }
    return total / double(B);
}

double Trainer::nll_sum(const Tensor4<float>& x) {
    const std::size_t B = x.shape(0), n = m_workers.size();
    parallel([&](int t) {
        Worker& w = *m_workers[std::size_t(t)];
        w.nll_sum = 0;
        for (std::size_t i = B * std::size_t(t) / n; i < B * std::size_t(t + 1) / n; ++i)
            forward_image(w, x, i);
    });
    double total = 0;
    for (const auto& w : m_workers) total += w->nll_sum;
    return total;
}

std::vector<Tensor1<float>> Trainer::averaged_values() const {
    std::vector<Tensor1<float>> v;
    const long long t = m_adam.steps();
    for (int k = 0; k < m_model->params().size(); ++k) {
        const Param<float>& p = m_model->params()[k];
        if (m_ema_decay <= 0 || t == 0) {
            v.push_back(p.value);
            continue;
        }
        // the average started from zero: divide by the weight it has gathered, 1 - d^t
        const float c = float(1.0 / (1.0 - std::pow(m_ema_decay, double(t))));
        Tensor1<float> a = m_average[std::size_t(k)] * c;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (p.mask[i] == 0.0f) a[i] = 0.0f;
        v.push_back(std::move(a));
    }
    return v;
}

TrainerState Trainer::state() const {
    TrainerState s;
    for (const auto& p : m_model->params().all()) s.values.push_back(p.value);
    s.adam = m_adam.state();
    s.average = m_average;
    return s;
}

void Trainer::restore(const TrainerState& s) {
    ParamList<float>& params = m_model->params();
    const std::size_t n = std::size_t(params.size());
    if (s.values.size() != n || s.average.size() != m_average.size())
        throw EngineError("Trainer::restore: a state of " + std::to_string(s.values.size()) +
                          " params and " + std::to_string(s.average.size()) +
                          " averages for a trainer of " + std::to_string(n) + " and " +
                          std::to_string(m_average.size()));
    for (std::size_t k = 0; k < n; ++k)
        if (s.values[k].size() != params[int(k)].size() ||
            (!m_average.empty() && s.average[k].size() != params[int(k)].size()))
            throw EngineError("Trainer::restore: " + params[int(k)].name + " has " +
                              std::to_string(params[int(k)].size()) + " values, the state " +
                              std::to_string(s.values[k].size()));
    m_adam.set_state(s.adam);  // checks the moments' sizes before anything changes
    for (std::size_t k = 0; k < n; ++k) params[int(k)].value = s.values[k];
    m_average = s.average;
}

TrainProgress Trainer::run(const std::function<const Tensor4<float>&()>& next_batch,
                           double seconds, long long max_steps,
                           const std::function<bool(const TrainProgress&)>& on_progress,
                           double report_seconds) {
    using clock = std::chrono::steady_clock;
    const auto t0 = clock::now();
    auto since = [](clock::time_point a) {
        return std::chrono::duration<double>(clock::now() - a).count();
    };
    TrainProgress pr;
    double window_nll = 0, last_report = 0;
    long long window_batches = 0, window_images = 0;
    for (;;) {
        const Tensor4<float>& x = next_batch();
        pr.last_nll = step(x);
        ++pr.step;
        pr.images += (long long)x.shape(0);
        window_nll += pr.last_nll;
        ++window_batches;
        window_images += (long long)x.shape(0);
        pr.seconds = since(t0);
        const bool done =
            (seconds > 0 && pr.seconds >= seconds) || (max_steps > 0 && pr.step >= max_steps);
        if (done || pr.seconds - last_report >= report_seconds) {
            pr.images_per_second = double(window_images) / std::max(1e-9, pr.seconds - last_report);
            pr.running_nll = window_nll / double(window_batches);
            last_report = pr.seconds;
            window_nll = 0;
            window_batches = window_images = 0;
            if (on_progress && !on_progress(pr)) break;
        }
        if (done) break;
    }
    return pr;
}

}  // namespace ps::engine
