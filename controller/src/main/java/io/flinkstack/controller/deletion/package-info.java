/**
 * What happens when a FlinkJob is deleted: the controller's finalizer holds it until a session job was stopped with a
 * savepoint (through the usual suspend transition) and the last savepoint was recorded in a FlinkSnapshot that outlives
 * the FlinkJob ({@link io.flinkstack.controller.deletion.FinalSavepointDecider}, pure; {@link
 * io.flinkstack.controller.deletion.FinalSavepoint}, its writes).
 */
package io.flinkstack.controller.deletion;
