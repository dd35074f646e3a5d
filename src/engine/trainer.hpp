// Training and evaluation of a float model on batches from anywhere (the engine knows nothing of
// the data library: the app hands batches in through a callback).
//
// Threads split the batch: with N threads, thread t takes images [t*B/N, (t+1)*B/N) and runs
// forward, loss and backward into its own Gradients, one image at a time (an image's activations,
// about 1.2 MB for the canonical PixelCNN, stay in cache between its forward and its backward
// instead of a whole batch's streaming through memory); the N sets are summed in thread order into
// Param::grad, then Adam steps. The loss is the batch mean of the per-image NLL, so each thread's
// dlogits are scaled by 1/B. Results equal one thread's up to float summation order.
#pragma once

#include <functional>
#include <memory>

#include "engine/adam.hpp"
#include "engine/model.hpp"

namespace ps::engine {

struct TrainerOptions {
    AdamOptions adam;
    int threads = 1;
    // Polyak averaging (as PixelCNN++ evaluates): after step t
    //   avg_t = d * avg_{t-1} + (1 - d) * value_t,   avg_0 = 0,   averaged = avg_t / (1 - d^t)
    // (the bias correction Adam uses for its moments). 0 turns it off.
    double ema_decay = 0.99;
};

struct TrainProgress {
    long long step = 0;           // optimiser steps done
    long long images = 0;         // images seen
    double seconds = 0;           // wall time since run() started
    double images_per_second = 0; // over the last report interval
    double running_nll = 0;       // mean NLL (nats/image) of the batches since the last report
    double last_nll = 0;          // mean NLL of the last batch
};

// The whole training state between two steps: the weights, Adam's moments and step count, and
// the running average. restore() of a state taken after step t makes the next step() exactly the
// one that followed step t (the divergence guard of the live trainer rolls back with it).
struct TrainerState {
    std::vector<Tensor1<float>> values;   // param order
    AdamState<float> adam;
    std::vector<Tensor1<float>> average;  // the raw (not bias-corrected) average; empty if off
};

class Trainer {
public:
    Trainer(Model<float>& model, TrainerOptions options);
    ~Trainer();

    // One Adam step on x (B, C, H, W). Returns the batch's mean NLL in nats per image, under the
    // weights before the step.
    double step(const Tensor4<float>& x);

    // Sum over the images of x of their NLL in nats, no update (same threading).
    double nll_sum(const Tensor4<float>& x);

    // Steps on next_batch() until `seconds` of wall time (if > 0) or `max_steps` (if > 0) is
    // reached, or on_progress returns false. on_progress is called about every report_seconds
    // and once at the end.
    TrainProgress run(const std::function<const Tensor4<float>&()>& next_batch, double seconds,
                      long long max_steps,
                      const std::function<bool(const TrainProgress&)>& on_progress,
                      double report_seconds = 1.0);

    long long steps() const { return m_adam.steps(); }
    TrainerState state() const;
    // Throws EngineError if `state` was not taken from a trainer of the same model and options.
    void restore(const TrainerState& state);
    // The averaged weights, in param order (the current weights if averaging is off).
    std::vector<Tensor1<float>> averaged_values() const;
    int threads() const { return int(m_workers.size()); }
    Model<float>& model() { return *m_model; }

private:
    struct Worker;
    // image i of x through the model, its activations left in w's cache; w.nll_sum += its NLL
    void forward_image(Worker& w, const Tensor4<float>& x, std::size_t i) const;
    // runs fn(worker index) on every worker, worker 0 on this thread
    void parallel(const std::function<void(int)>& fn);

    Model<float>* m_model;
    Adam<float> m_adam;
    std::vector<std::unique_ptr<Worker>> m_workers;
    double m_ema_decay;
    std::vector<Tensor1<float>> m_average;  // per param, when m_ema_decay > 0
};

}  // namespace ps::engine
