package io.codeagents.doctor.config;

import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What counts as a missing or default secret ({@code doctor.secrets.*}). */
@ConfigMapping(prefix = "doctor.secrets")
public interface SecretsPolicy {

    /** Off in dev mode (and in tests, whose database is whatever CI provides), on everywhere else. */
    @WithDefault("true")
    boolean enforced();

    /** Passwords and keys that are published somewhere (ours in .env.example, the usual suspects) and so no secret. */
    @WithDefault("postgres,password,changeme,change-me,admin,secret,root,123456,codeagents,codeagents-local-dev-key")
    List<String> wellKnown();

    /** A service key shorter than this is guessable. */
    @WithDefault("16")
    int minimumKeyLength();
}
