package io.flinkstack.constructs.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.flinkstack.constructs.FlinkApplicationProps;
import io.flinkstack.constructs.manifests.ClusterValidator;
import io.flinkstack.constructs.validation.Problem;
import io.flinkstack.constructs.validation.ValidationException;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Valid props with exactly one thing broken are always refused the same way: a ValidationException (never
 * another exception) whose problems name the broken field, each one line that starts with the construct path.
 */
class InvalidPropsTest {
  /** A valid application, the one thing broken in it, and the construct path messages must start with. */
  record BrokenApplication(ValidApplication app, Breakage breakage, String path) {
    FlinkApplicationProps props() {
      return app.propsWith(breakage.call());
    }

    @Override
    public String toString() {
      return "path " + path + ", " + breakage + ", in\n" + app;
    }
  }

  @Provide
  Arbitrary<BrokenApplication> brokenApplications() {
    Arbitrary<String> paths = Combinators.combine(PropsValues.dnsLabels(12), PropsValues.dnsLabels(12))
        .as((chart, id) -> chart + "/" + id);
    return ValidApplications.all().flatMap(app -> Combinators.combine(Breakages.of(app), paths)
        .as((breakage, path) -> new BrokenApplication(app, breakage, path)));
  }

  // Edge cases are off: mixed into this deep combination, jqwik's edge cases repeat one minimal sample hundreds
  // of times; the generators produce the boundaries (smallest memory, all slots used, …) themselves.
  @Property(tries = 3000, edgeCases = EdgeCasesMode.NONE)
  void oneBrokenPropertyIsReportedAtItsField(@ForAll("brokenApplications") BrokenApplication broken) {
    FlinkApplicationProps props = broken.props();

    Throwable thrown = catchThrowable(() -> ClusterValidator.validate(props, "app", broken::path));

    assertThat(thrown).as("thrown for %s", broken.breakage()).isInstanceOf(ValidationException.class);
    ValidationException e = (ValidationException) thrown;
    assertThat(e.problems()).isNotEmpty();
    assertThat(e.problems()).as("a problem blaming %s", broken.breakage().field())
        .anyMatch(p -> broken.breakage().blames(p.field()));
    assertThat(e.problems()).extracting(Problem::path).containsOnly(broken.path());
    // One line per problem, each starting with the path: a message must not be split by the input it quotes.
    assertThat(e.getMessage().lines()).hasSameSizeAs(e.problems())
        .allMatch(line -> line.startsWith(broken.path() + ": "));
    Statistics.label("field").collect(broken.breakage().field().replaceFirst("^(flinkConfiguration)\\..*", "$1.*"));
  }
}
