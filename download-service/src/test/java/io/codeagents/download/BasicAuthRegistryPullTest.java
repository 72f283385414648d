package io.codeagents.download;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.codeagents.download.testing.FastPulls;
import io.codeagents.download.testing.Pulls;
import io.codeagents.download.testing.Registries;
import io.codeagents.download.testing.TestModel;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * A pull from a private registry without a token service: Debian's {@code docker-registry} with htpasswd auth, which
 * answers every request without the user's Basic credentials with {@code 401 WWW-Authenticate: Basic realm=…}. The
 * service sends {@code download.registry.username} and {@code password} once asked.
 */
@QuarkusTest
@TestProfile(FastPulls.FromBasicAuthRegistry.class)
class BasicAuthRegistryPullTest {

    @Test
    void aModelIsPulledFromARegistryWantingBasicCredentials() throws Exception {
        TestModel model = TestModel.of("library", "basic-coder", "q4", 3 * 1024 * 1024 + 5, 13);
        Registries.oci().push(model);
        HttpResponse<Void> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(Registries.oci().url() + "/v2/library/basic-coder/manifests/q4")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(401, anonymous.statusCode(), "the registry must refuse requests without credentials");

        Pulls.start("basic-coder:q4", 202);
        JsonPath done = Pulls.await("basic-coder:q4", "completed", Duration.ofSeconds(60));
        assertEquals(model.totalSize(), done.getLong("bytes_done"));
        assertEquals(0, done.getInt("retries"), "a 401 answered with credentials is not a failed attempt");
        Pulls.assertStored(model);
    }
}
