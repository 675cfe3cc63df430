package io.flinkstack.controller.declaration;

import io.flinkstack.contract.DeclarationKind;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flinkstack.contract.AutoscalerDeclaration;
import io.flinkstack.contract.JobDeclaration;
import io.flinkstack.contract.SessionJobs;
import io.flinkstack.controller.autoscaler.live.AutoscalerDeclarations;
import io.flinkstack.controller.kubernetes.ConfigMapSnapshot;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads declaration ConfigMaps as the constructs write them ({@link SessionJobs}): labels for identity,
 * {@code job.yaml} for the {@link JobDeclaration}.
 */
public final class DeclarationReader {
  // Unknown fields are for a newer controller, not an error; the constructs quote numbers ("3"), which
  // Jackson's default scalar coercion reads into the record's Integer and Long fields.
  // The contract's enums (kind, upgradeMode, state) are written as their toString(): jar, last-state, suspended.
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING);

  private final int defaultHistoryMaxCount;

  /** @param defaultHistoryMaxCount savepoints to keep when a declaration does not say */
  public DeclarationReader(int defaultHistoryMaxCount) {
    this.defaultHistoryMaxCount = defaultHistoryMaxCount;
  }

  /** Who the ConfigMap declares, from its name and labels. */
  public DeclarationIdentity identify(ConfigMapSnapshot configMap) throws InvalidDeclarationException {
    String kindLabel = configMap.labels().get(SessionJobs.LABEL_DECLARATION);
    DeclarationKind kind = DeclarationKind.ofLabel(kindLabel).orElseThrow(() -> new InvalidDeclarationException(
        "label " + SessionJobs.LABEL_DECLARATION + " is '" + kindLabel + "'; expected application or session-job"));
    String cluster = configMap.labels().get(SessionJobs.LABEL_SESSION_CLUSTER);
    if (cluster == null || cluster.isBlank()) {
      throw new InvalidDeclarationException("label " + SessionJobs.LABEL_SESSION_CLUSTER + " (the cluster's name) is missing");
    }
    String jobName = cluster;
    if (kind == DeclarationKind.SESSION_JOB) {
      String prefix = SessionJobs.configMap(cluster, "");
      if (!configMap.name().startsWith(prefix) || configMap.name().length() == prefix.length()) {
        throw new InvalidDeclarationException("a session job's ConfigMap is named " + prefix + "<job>, not " + configMap.name());
      }
      jobName = configMap.name().substring(prefix.length());
    }
    return new DeclarationIdentity(configMap.ref(), kind, cluster, jobName);
  }

  /** The declaration in full; every problem in one message. */
  public Declaration read(DeclarationIdentity identity, ConfigMapSnapshot configMap) throws InvalidDeclarationException {
    String yaml = configMap.data().get(SessionJobs.JOB_KEY);
    if (yaml == null || yaml.isBlank()) {
      throw new InvalidDeclarationException("data key " + SessionJobs.JOB_KEY + " is missing or empty");
    }
    JobDeclaration job;
    try {
      job = YAML.readValue(yaml, JobDeclaration.class);
    } catch (JsonProcessingException e) {
      throw new InvalidDeclarationException(SessionJobs.JOB_KEY + " is not a job declaration: " + e.getOriginalMessage(), e);
    }
    if (job == null) {
      throw new InvalidDeclarationException(SessionJobs.JOB_KEY + " is empty");
    }
    if (identity.kind() == DeclarationKind.SESSION_JOB && job.name() != null && !job.name().equals(identity.jobName())) {
      throw new InvalidDeclarationException(
          "declares job '" + job.name() + "' but the ConfigMap's name says '" + identity.jobName() + "'");
    }
    String statements = configMap.data().get(SessionJobs.SQL_KEY);
    return new Declaration(identity, job, policy(job), Optional.ofNullable(statements).filter(text -> !text.isBlank()),
        autoscaler(configMap.data().get(SessionJobs.AUTOSCALER_KEY)));
  }

  private static Optional<AutoscalerDeclaration> autoscaler(String yaml) throws InvalidDeclarationException {
    if (yaml == null || yaml.isBlank()) {
      return Optional.empty();
    }
    AutoscalerDeclaration autoscaler;
    try {
      autoscaler = YAML.readValue(yaml, AutoscalerDeclaration.class);
    } catch (JsonProcessingException e) {
      throw new InvalidDeclarationException(SessionJobs.AUTOSCALER_KEY + " is not an autoscaler declaration: " + e.getOriginalMessage(), e);
    }
    if (autoscaler != null && autoscaler.isEnabled()) {
      try {
        // Every duration and bound parsed now: a typo is reported with the declaration, not at the first decision.
        AutoscalerDeclarations.settings(autoscaler);
        AutoscalerDeclarations.window(autoscaler);
        AutoscalerDeclarations.interval(autoscaler);
      } catch (IllegalArgumentException e) {
        throw new InvalidDeclarationException(SessionJobs.AUTOSCALER_KEY + ": " + e.getMessage(), e);
      }
    }
    return Optional.ofNullable(autoscaler);
  }

  private SavepointPolicy policy(JobDeclaration job) throws InvalidDeclarationException {
    Optional<Duration> interval = duration("savepointInterval", job.savepointInterval());
    Optional<Duration> maxAge = duration("savepointHistoryMaxAge", job.savepointHistoryMaxAge());
    int maxCount = job.savepointHistoryMaxCount() == null ? defaultHistoryMaxCount : job.savepointHistoryMaxCount();
    if (maxCount < 1) {
      throw new InvalidDeclarationException("savepointHistoryMaxCount is " + maxCount + "; keep at least 1 savepoint");
    }
    return new SavepointPolicy(interval, maxCount, maxAge);
  }

  private static Optional<Duration> duration(String field, String text) throws InvalidDeclarationException {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      Duration value = FlinkDurations.parse(text);
      if (value.isZero()) {
        throw new InvalidDeclarationException(field + " is 0; leave it out for none");
      }
      return Optional.of(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidDeclarationException(field + ": " + e.getMessage(), e);
    }
  }
}
