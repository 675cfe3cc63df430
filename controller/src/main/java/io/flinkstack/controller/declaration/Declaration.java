package io.flinkstack.controller.declaration;

import io.flinkstack.contract.JobDeclaration;

/** A declaration ConfigMap, read: who it is, what it declares, and its savepoint policy parsed. */
public record Declaration(DeclarationIdentity identity, JobDeclaration job, SavepointPolicy savepoints) {

  /** The nonce whose change asks for a savepoint; null when none is declared. */
  public Long savepointTriggerNonce() {
    return job.savepointTriggerNonce();
  }

  @Override
  public String toString() {
    return identity.toString();
  }
}
