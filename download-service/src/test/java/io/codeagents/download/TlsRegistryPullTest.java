package io.codeagents.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * A pull over HTTPS, as from {@code registry.ollama.ai} or a private registry: Debian's {@code docker-registry} serving
 * TLS under a certificate of its own CA, which the service trusts only through {@code download.registry.ca-file}.
 */
@QuarkusTest
@TestProfile(FastPulls.FromTlsRegistry.class)
class TlsRegistryPullTest {

    @Test
    void aModelIsPulledOverHttpsFromARegistryBehindItsOwnCa() throws Exception {
        assertTrue(Registries.oci().url().startsWith("https://"), Registries.oci().url());
        TestModel model = TestModel.of("library", "tls-coder", "q4", 3 * 1024 * 1024 + 77, 11);
        Registries.oci().push(model);

        Pulls.start("tls-coder:q4", 202);
        JsonPath done = Pulls.await("tls-coder:q4", "completed", Duration.ofSeconds(60));
        assertEquals(model.totalSize(), done.getLong("bytes_done"));
        assertEquals(0, done.getInt("retries"), "a pull over TLS should need no retry");
        Pulls.assertStored(model);
    }
}
