// The state of a one-model fine-tune on worker processes (FinetuneRunner's
// private part, shared by finetunejob.cpp and finetuneworkers.cpp).
#pragma once

#include <QTemporaryDir>
#include <QTimer>

#include <memory>

#include "finetunejob.h"

namespace sharelens::app {

struct FinetuneRunner::WorkersRun {
    std::unique_ptr<QTemporaryDir> out; // plan.json and the run's --out; removed with the run
    FinetuneRecords pending;            // not yet delivered
    sharelens::TrainResult baseline, shared;
    int budgetSequences = 0;
    QTimer flush; // delivers `pending` at most every kDeliveryIntervalMs
};

} // namespace sharelens::app
