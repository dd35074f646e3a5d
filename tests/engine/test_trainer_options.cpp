// Trainer options from outside (issue #9): a decay the average cannot use is an EngineError
// naming the field, not a crash later. `train --ema nan` used to pass the CLI's range check and
// segfault in averaged_values(), which read an average NaN had kept from being allocated.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>

#include "engine/trainer.hpp"

using namespace ps::engine;

TEST_CASE("Trainer: ema_decay outside [0, 1) or NaN is an EngineError naming the field") {
    ModelConfig c;
    c.h = 2;
    c.layers = 1;
    c.height = c.width = 4;
    auto model = make_model<float>(c, 1);
    for (double bad : {std::numeric_limits<double>::quiet_NaN(), -0.5, 1.0, 2.0,
                       std::numeric_limits<double>::infinity()}) {
        CAPTURE(bad);
        TrainerOptions opt;
        opt.ema_decay = bad;
        try {
            Trainer t(*model, opt);
            FAIL("no exception for ema_decay " << bad);
        } catch (const EngineError& e) {
            CHECK(std::string(e.what()).find("ema_decay") != std::string::npos);
        }
    }
    for (double good : {0.0, 0.5, 0.999}) {
        TrainerOptions opt;
        opt.ema_decay = good;
        Trainer t(*model, opt);
        const auto values = t.averaged_values();  // before any step: the weights themselves
        REQUIRE(values.size() == std::size_t(model->params().size()));
        for (int k = 0; k < model->params().size(); ++k)
            CHECK(values[std::size_t(k)] == model->params()[k].value);
    }
}
