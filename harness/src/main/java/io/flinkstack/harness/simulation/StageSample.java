package io.flinkstack.harness.simulation;

/** What one stage did during one simulated second (all subtasks together; busy and back-pressure 0–1). */
record StageSample(double recordsIn, double recordsOut, double busy, double backPressured) {}
