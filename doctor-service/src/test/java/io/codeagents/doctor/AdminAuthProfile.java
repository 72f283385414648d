package io.codeagents.doctor;

import java.util.HashMap;
import java.util.Map;

import io.codeagents.common.testing.AuthOnProfile;

/**
 * The auth contract's profile as production runs the doctor: authentication on, a service key (a published one, so
 * the secrets checks have something to say), secrets judged. Its rate-limited key holds the admin scope: every doctor
 * endpoint needs admin, and the limit can only be reached by a key that gets past the scope check.
 */
public class AdminAuthProfile extends AuthOnProfile {

    public static final String SERVICE_KEY = "codeagents-local-dev-key";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(super.getConfigOverrides());
        config.put("codeagents.auth.keys", config.get("codeagents.auth.keys").replace(":generate+review+models:",
                ":admin:"));
        config.put("codeagents.api-key", SERVICE_KEY);
        config.put("doctor.secrets.enforced", "true");
        return config;
    }
}
