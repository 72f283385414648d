package io.codeagents.doctor.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.codeagents.common.config.CodeagentsConfig;
import io.codeagents.doctor.config.SecretsPolicy;
import io.codeagents.doctor.domain.CheckStatus;
import io.codeagents.doctor.domain.Finding;

/** The configuration checks outside dev mode: what is missing, off, short or published, named without its value. */
class ConfigChecksTest {

    private static final SecretsPolicy ENFORCED = policy(true);

    private static SecretsPolicy policy(boolean enforced) {
        return new SecretsPolicy() {
            @Override
            public boolean enforced() {
                return enforced;
            }

            @Override
            public List<String> wellKnown() {
                return List.of("postgres", "changeme", "codeagents");
            }

            @Override
            public int minimumKeyLength() {
                return 16;
            }
        };
    }

    private static CodeagentsConfig config(boolean authOn, String serviceKey) {
        return new CodeagentsConfig() {
            @Override
            public Optional<String> apiKey() {
                return Optional.ofNullable(serviceKey);
            }

            @Override
            public Auth auth() {
                return new Auth() {
                    @Override
                    public boolean enabled() {
                        return authOn;
                    }

                    @Override
                    public Optional<List<String>> keys() {
                        return Optional.empty();
                    }
                };
            }

            @Override
            public RateLimit rateLimit() {
                return null;
            }

            @Override
            public Redis redis() {
                return null;
            }
        };
    }

    @Test
    void noServiceKeyWithAuthOnIsCritical() {
        Finding finding = new ApiKeysCheck(config(true, null), ENFORCED).inspect();
        assertEquals(CheckStatus.CRITICAL, finding.status());
        assertTrue(finding.summary().startsWith("CODEAGENTS_API_KEY is not set"), finding.summary());
        assertTrue(finding.fix().contains("/dev/urandom"));
    }

    @Test
    void authOffAndShortKeysAreWarnings() {
        Finding off = new ApiKeysCheck(config(false, "a-long-enough-service-key"), ENFORCED).inspect();
        assertEquals(CheckStatus.WARNING, off.status());
        assertTrue(off.summary().contains("CODEAGENTS_AUTH_ENABLED=false"));
        Finding shortKey = new ApiKeysCheck(config(true, "short"), ENFORCED).inspect();
        assertEquals(CheckStatus.WARNING, shortKey.status());
        assertFalse(shortKey.summary().contains("short,"), "the key itself is never shown");
        assertEquals(CheckStatus.OK, new ApiKeysCheck(config(true, "a-long-enough-service-key"), ENFORCED).inspect()
                .status());
    }

    @Test
    void notJudgedWhereSwitchedOff() {
        assertEquals(CheckStatus.OK, new ApiKeysCheck(config(true, null), policy(false)).inspect().status());
        assertEquals(CheckStatus.OK, new DefaultPasswordsCheck(policy(false), config(true, "changeme"),
                Optional.empty(), "redis://localhost:6379").inspect().status());
    }

    @Test
    void publishedAndEmptyPasswordsAreWarnings() {
        Finding finding = new DefaultPasswordsCheck(ENFORCED, config(true, "changeme"), Optional.of("Postgres"),
                "redis://:codeagents@redis:6379").inspect();
        assertEquals(CheckStatus.WARNING, finding.status());
        assertEquals("QUARKUS_DATASOURCE_PASSWORD is a published default; the password in QUARKUS_REDIS_HOSTS is a "
                + "published default; CODEAGENTS_API_KEY is a published default", finding.summary());
        Finding empty = new DefaultPasswordsCheck(ENFORCED, config(true, "x7f3k9q2m4p8w1z6"), Optional.empty(),
                "redis://redis:6379").inspect();
        assertTrue(empty.summary().startsWith("QUARKUS_DATASOURCE_PASSWORD is empty"), empty.summary());
        assertEquals(CheckStatus.OK, new DefaultPasswordsCheck(ENFORCED, config(true, "x7f3k9q2m4p8w1z6"),
                Optional.of("s3cret-and-long"), "redis://redis:6379").inspect().status());
    }
}
