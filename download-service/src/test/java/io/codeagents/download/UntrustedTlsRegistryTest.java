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
 * A registry whose certificate the service does not trust (its CA is not in {@code download.registry.ca-file}): the
 * pull fails {@code DL_004} at once, saying which setting trusts it, instead of retrying a handshake that cannot work.
 */
@QuarkusTest
@TestProfile(FastPulls.FromUntrustedTlsRegistry.class)
class UntrustedTlsRegistryTest {

    @Test
    void anUntrustedRegistryFailsAtOnceNamingTheCaSetting() throws Exception {
        TestModel model = TestModel.of("library", "untrusted-coder", "q4", 1024 * 1024, 13);
        Registries.oci().push(model);

        Pulls.start("untrusted-coder:q4", 202);
        // retried, it would also end in DL_004, after FastPulls' 5 retries and without the advice
        JsonPath failed = Pulls.await("untrusted-coder:q4", "error", Duration.ofSeconds(30));
        assertEquals("DL_004", failed.getString("error.code"));
        assertTrue(failed.getString("error.message").contains("download.registry.ca-file"),
                failed.getString("error.message"));
        assertEquals(0, failed.getInt("retries"), "a certificate refused is not retried");
    }
}
