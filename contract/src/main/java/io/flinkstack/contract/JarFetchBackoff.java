package io.flinkstack.contract;

/**
 * An upgrade held back because its new jar could not be fetched: which jar (a SHA-256 of its URI and declared digest,
 * so no credential in a URI reaches the status) and until when. In the status, so a restarted controller keeps the
 * backoff; another URI or digest is another jar and is tried at once.
 *
 * @param jarKey hex SHA-256 of the jar's URI and declared digest
 * @param backoff failures so far and the earliest next attempt
 */
public record JarFetchBackoff(String jarKey, Backoff backoff) {}
