package io.flinkstack.constructs.validation.reachability;

/** Whether something matches when part of what it is matched against is unknown (a namespace's other labels). */
enum Tri {
  YES, NO, UNKNOWN;

  static Tri of(boolean b) {
    return b ? YES : NO;
  }

  Tri and(Tri other) {
    if (this == NO || other == NO) {
      return NO;
    }
    return this == YES && other == YES ? YES : UNKNOWN;
  }

  Tri or(Tri other) {
    if (this == YES || other == YES) {
      return YES;
    }
    return this == NO && other == NO ? NO : UNKNOWN;
  }
}
