package io.flinkstack.controller.transition;

import io.flinkstack.contract.JobDeclaration;
import io.flinkstack.contract.SessionJobs;
import io.flinkstack.controller.events.EventReasons;
import io.flinkstack.controller.events.EventRecorder;
import io.flinkstack.controller.kubernetes.ObjectRef;
import io.flinkstack.controller.submission.JarUris;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns when a session job's jar is about to be downloaded without a declared {@code jarSha256}: a Warning Event
 * {@value EventReasons#JAR_DIGEST_MISSING} and a log line, once per version of the declared job (its spec
 * digest) per controller process — not at every retry of a failing submission. The URI is shown redacted.
 * Nothing is said for a jar with a digest, or for the bundled SQL runner (which is not downloaded).
 */
final class JarDigestWarnings {
  private static final Logger LOG = LoggerFactory.getLogger(JarDigestWarnings.class);

  private final EventRecorder events;
  // The job version last warned about, per declaration.
  private final Map<String, String> warned = new ConcurrentHashMap<>();

  JarDigestWarnings(EventRecorder events) {
    this.events = events;
  }

  /**
   * @param declaration which declaration, e.g. {@code namespace/name}
   * @param version what identifies this version of the declared job (its spec digest)
   * @return whether it warned
   */
  boolean check(String declaration, ObjectRef about, String version, JobDeclaration job) {
    String jarUri = job.jarUri();
    if (job.jarSha256() != null || jarUri == null || jarUri.equals(SessionJobs.BUNDLED_SQL_RUNNER)) {
      warned.remove(declaration);
      return false;
    }
    if (Objects.equals(warned.put(declaration, version), version)) {
      return false;
    }
    String message = "job jar " + JarUris.redact(jarUri) + " is used without a digest check: nothing proves it is the"
        + " jar intended; declare its SHA-256 as jarSha256 (e.g. what 'sha256sum job.jar' prints)";
    LOG.warn("{}: {}", declaration, message);
    events.warning(about, EventReasons.JAR_DIGEST_MISSING, message);
    return true;
  }
}
