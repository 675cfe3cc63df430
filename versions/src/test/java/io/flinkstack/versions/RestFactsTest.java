package io.flinkstack.versions;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.contract.FlinkVersion;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract's REST facts, each compared with the REST endpoints the version's own flink-runtime declares (its
 * message headers, which its JobManager's REST server registers): flipping a fact for any version fails here.
 */
class RestFactsTest {
  private static final String UPDATE_HEADERS = "org.apache.flink.runtime.rest.messages.job.JobResourcesRequirementsUpdateHeaders";

  @ParameterizedTest
  @EnumSource(FlinkVersion.class)
  void resourceRequirementsCanBeUpdatedExactlyWhenTheContractSays(FlinkVersion v) throws ReflectiveOperationException {
    Class<?> headers;
    try {
      headers = Class.forName(UPDATE_HEADERS, false, VersionJars.loader(v));
    } catch (ClassNotFoundException e) {
      headers = null;
    }
    boolean declared = false;
    if (headers != null) {
      Constructor<?> constructor = headers.getDeclaredConstructor();
      constructor.setAccessible(true);
      Object endpoint = constructor.newInstance();
      // Through method handles: Class#getMethod would resolve every method's signature, and some name flink-shaded-netty,
      // which is not copied (only the two methods asked for are resolved here).
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      String url;
      String body;
      try {
        url = (String) lookup.findVirtual(headers, "getTargetRestEndpointURL", MethodType.methodType(String.class)).invoke(endpoint);
        // (Its HTTP method, an enum wrapping netty's, cannot be read without netty: the request body it takes tells an
        // update from the GET of the same URL, which takes none.)
        body = ((Class<?>) lookup.findVirtual(headers, "getRequestClass", MethodType.methodType(Class.class)).invoke(endpoint)).getSimpleName();
      } catch (Throwable e) {
        throw new AssertionError(VersionJars.describe(v) + ": " + e, e);
      }
      assertThat(url).as("%s %s", VersionJars.describe(v), UPDATE_HEADERS).isEqualTo("/jobs/:jobid/resource-requirements");
      assertThat(body).as("%s %s: the request body", VersionJars.describe(v), UPDATE_HEADERS).isEqualTo("JobResourceRequirementsBody");
      declared = true;
    }
    assertThat(declared).as("%s declares PUT /jobs/:jobid/resource-requirements; contract updatesResourceRequirements()=%s",
        VersionJars.describe(v), v.updatesResourceRequirements()).isEqualTo(v.updatesResourceRequirements());
  }
}
