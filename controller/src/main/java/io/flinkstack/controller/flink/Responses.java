package io.flinkstack.controller.flink;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Flink's JSON into this package's records. Field by field rather than by data binding: Flink's
 * names are hyphenated, differ between endpoints and grow with versions, and a missing field must not
 * break a controller that only needs some of them.
 */
final class Responses {
  private Responses() {}

  static ClusterOverview overview(JsonNode json) {
    return new ClusterOverview(
        json.path("taskmanagers").asInt(),
        json.path("slots-total").asInt(),
        json.path("slots-available").asInt(),
        json.path("jobs-running").asInt(),
        json.path("jobs-finished").asInt(),
        json.path("jobs-cancelled").asInt(),
        json.path("jobs-failed").asInt(),
        json.path("flink-version").asText(""));
  }

  /** {@code GET /jobmanager/config}: an array of {@code {"key", "value"}} objects. */
  static Map<String, String> configuration(JsonNode json) {
    Map<String, String> config = new LinkedHashMap<>();
    for (JsonNode entry : json) {
      config.put(entry.path("key").asText(), entry.path("value").asText(""));
    }
    return config;
  }

  static List<JobSummary> jobs(JsonNode json) {
    List<JobSummary> jobs = new ArrayList<>();
    for (JsonNode job : json.path("jobs")) {
      jobs.add(
          new JobSummary(
              job.path("jid").asText(),
              job.path("name").asText(""),
              JobState.of(job.path("state").asText()),
              job.path("start-time").asLong(-1),
              job.path("end-time").asLong(-1)));
    }
    return jobs;
  }

  /**
   * The newest entry of {@code exceptionHistory}, Flink's list of the job's failures, newest first. The older
   * {@code root-exception} field is not read: Flink 2.0 removed it.
   */
  static Optional<JobFailure> latestFailure(JsonNode json) {
    JsonNode entry = json.path("exceptionHistory").path("entries").path(0);
    if (entry.isMissingNode() || entry.isNull()) {
      return Optional.empty();
    }
    String name = entry.path("exceptionName").asText("");
    String trace = entry.path("stacktrace").asText("");
    String firstLine = trace.lines().findFirst().orElse(name).strip();
    JsonNode task = entry.path("taskName");
    return Optional.of(new JobFailure(name, firstLine.isEmpty() ? name : firstLine,
        task.isTextual() ? task.asText() : null, entry.path("timestamp").asLong(-1)));
  }

  static JobDetails job(JsonNode json) {
    List<JobVertex> vertices = new ArrayList<>();
    for (JsonNode vertex : json.path("vertices")) {
      Map<String, Integer> counts = new LinkedHashMap<>();
      vertex.path("tasks").properties().forEach(entry -> counts.put(entry.getKey(), entry.getValue().asInt()));
      vertices.add(
          new JobVertex(
              vertex.path("id").asText(),
              vertex.path("name").asText(""),
              vertex.path("parallelism").asInt(),
              vertex.path("maxParallelism").asInt(-1),
              vertex.path("status").asText(""),
              counts));
    }
    return new JobDetails(
        json.path("jid").asText(),
        json.path("name").asText(""),
        JobState.of(json.path("state").asText()),
        json.path("start-time").asLong(-1),
        json.path("end-time").asLong(-1),
        vertices);
  }

  static List<TaskManagerInfo> taskManagers(JsonNode json) {
    List<TaskManagerInfo> taskManagers = new ArrayList<>();
    for (JsonNode taskManager : json.path("taskmanagers")) {
      taskManagers.add(
          new TaskManagerInfo(
              taskManager.path("id").asText(),
              taskManager.path("slotsNumber").asInt(),
              taskManager.path("freeSlots").asInt(),
              taskManager.path("timeSinceLastHeartbeat").asLong()));
    }
    return taskManagers;
  }

  /** Ids of the TaskManagers that run at least one subtask of a vertex. */
  static List<String> vertexTaskManagers(JsonNode json) {
    List<String> ids = new ArrayList<>();
    for (JsonNode taskManager : json.path("taskmanagers")) {
      ids.add(taskManager.path("taskmanager-id").asText());
    }
    return ids;
  }

  /**
   * An asynchronous operation's result. A savepoint's or disposal's failure is {@code failure-cause}, a triggered
   * checkpoint's {@code failureCause} with its result in {@code checkpointId} (Flink's {@code CheckpointInfo}, 1.17+;
   * its {@code SavepointInfo} spells the failure with a hyphen).
   */
  static OperationStatus operation(JsonNode json) {
    if (!"COMPLETED".equals(json.path("status").path("id").asText())) {
      return OperationStatus.inProgress();
    }
    JsonNode operation = json.path("operation");
    JsonNode failure = operation.has("failureCause") ? operation.path("failureCause") : operation.path("failure-cause");
    if (!failure.isMissingNode() && !failure.isNull()) {
      String stackTrace = failure.path("stack-trace").asText("");
      String summary = stackTrace.isBlank() ? failure.path("class").asText("unknown failure") : causeChain(stackTrace);
      return new OperationStatus(
          OperationStatus.State.FAILED, Optional.empty(), Optional.of(summary), Optional.of(stackTrace));
    }
    JsonNode checkpointId = operation.path("checkpointId");
    return new OperationStatus(OperationStatus.State.SUCCEEDED, text(operation, "location"), Optional.empty(), Optional.empty(),
        checkpointId.isIntegralNumber() ? Optional.of(checkpointId.asLong()) : Optional.empty());
  }

  /**
   * The exception lines of a Java stack trace (the first line and each "Caused by:"), without the frames:
   * the readable part of a failure cause. The root cause (last) usually says what to fix.
   */
  static String causeChain(String stackTrace) {
    List<String> headers = new ArrayList<>();
    stackTrace
        .lines()
        .forEach(
            line -> {
              if (headers.isEmpty() && !line.isBlank()) {
                headers.add(line.strip());
              } else if (line.startsWith("Caused by: ")) {
                headers.add(line.substring("Caused by: ".length()).strip());
              }
            });
    return String.join("; caused by: ", headers);
  }

  static CheckpointOverview checkpoints(JsonNode json) {
    JsonNode counts = json.path("counts");
    JsonNode latest = json.path("latest");
    return new CheckpointOverview(
        new CheckpointOverview.Counts(
            counts.path("restored").asLong(),
            counts.path("total").asLong(),
            counts.path("in_progress").asLong(),
            counts.path("completed").asLong(),
            counts.path("failed").asLong()),
        completed(latest.path("completed")),
        completed(latest.path("savepoint")),
        failed(latest.path("failed")),
        restored(latest.path("restored")),
        history(json.path("history")));
  }

  /** {@code GET /jobs/:jobid/checkpoints/details/:checkpointid}, and each entry of the overview's {@code history}. */
  static CheckpointStatistics checkpointStatistics(JsonNode json) {
    return new CheckpointStatistics(
        json.path("id").asLong(),
        json.path("status").asText(""),
        json.path("is_savepoint").asBoolean(),
        json.path("checkpoint_type").asText(""),
        text(json, "external_path"));
  }

  private static List<CheckpointStatistics> history(JsonNode json) {
    List<CheckpointStatistics> history = new ArrayList<>();
    for (JsonNode entry : json) {
      history.add(checkpointStatistics(entry));
    }
    return history;
  }

  static CheckpointRetention checkpointRetention(JsonNode json) {
    JsonNode externalization = json.path("externalization");
    return new CheckpointRetention(externalization.path("enabled").asBoolean(false),
        externalization.path("delete_on_cancellation").asBoolean(true));
  }

  private static Optional<CheckpointOverview.Completed> completed(JsonNode json) {
    if (!json.isObject()) {
      return Optional.empty();
    }
    return Optional.of(
        new CheckpointOverview.Completed(
            json.path("id").asLong(),
            json.path("is_savepoint").asBoolean(),
            json.path("trigger_timestamp").asLong(),
            json.path("latest_ack_timestamp").asLong(),
            json.path("end_to_end_duration").asLong(),
            json.path("state_size").asLong(),
            json.path("external_path").asText(""),
            json.path("checkpoint_type").asText("")));
  }

  private static Optional<CheckpointOverview.Failed> failed(JsonNode json) {
    if (!json.isObject()) {
      return Optional.empty();
    }
    return Optional.of(
        new CheckpointOverview.Failed(
            json.path("id").asLong(), json.path("failure_timestamp").asLong(), json.path("failure_message").asText("")));
  }

  private static Optional<CheckpointOverview.Restored> restored(JsonNode json) {
    if (!json.isObject()) {
      return Optional.empty();
    }
    return Optional.of(
        new CheckpointOverview.Restored(
            json.path("id").asLong(),
            json.path("restore_timestamp").asLong(),
            json.path("is_savepoint").asBoolean(),
            text(json, "external_path")));
  }

  static ResourceRequirements resourceRequirements(JsonNode json) {
    Map<String, ResourceRequirements.ParallelismBounds> bounds = new LinkedHashMap<>();
    json.properties()
        .forEach(
            entry -> {
              JsonNode parallelism = entry.getValue().path("parallelism");
              bounds.put(
                  entry.getKey(),
                  new ResourceRequirements.ParallelismBounds(
                      parallelism.path("lowerBound").asInt(), parallelism.path("upperBound").asInt()));
            });
    return new ResourceRequirements(bounds);
  }

  static Map<String, AggregatedMetric> metrics(JsonNode json) {
    Map<String, AggregatedMetric> metrics = new LinkedHashMap<>();
    for (JsonNode metric : json) {
      String name = metric.path("id").asText();
      metrics.put(
          name,
          new AggregatedMetric(
              name, number(metric, "min"), number(metric, "max"), number(metric, "avg"), number(metric, "sum")));
    }
    return metrics;
  }

  static List<String> metricNames(JsonNode json) {
    List<String> names = new ArrayList<>();
    for (JsonNode metric : json) {
      names.add(metric.path("id").asText());
    }
    return names;
  }

  // Flink writes a value it has no number for (e.g. busy time of a legacy source) as "NaN".
  private static double number(JsonNode json, String field) {
    JsonNode value = json.path(field);
    if (value.isNumber()) {
      return value.asDouble();
    }
    try {
      return value.isTextual() ? Double.parseDouble(value.asText()) : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static Optional<String> text(JsonNode json, String field) {
    JsonNode value = json.path(field);
    return value.isTextual() && !value.asText().isEmpty() ? Optional.of(value.asText()) : Optional.empty();
  }
}
