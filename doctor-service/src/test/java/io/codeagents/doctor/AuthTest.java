package io.codeagents.doctor;

import java.util.HashMap;
import java.util.Map;

import io.codeagents.common.auth.Scope;
import io.codeagents.common.testing.AuthContract;
import io.codeagents.common.testing.AuthOnProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@TestProfile(AuthTest.AdminAuthOnProfile.class)
class AuthTest extends AuthContract {

    /**
     * The contract's profile, with its rate-limited key holding the admin scope: every doctor endpoint needs admin, and
     * the limit can only be reached by a key that gets past the scope check.
     */
    public static class AdminAuthOnProfile extends AuthOnProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("codeagents.auth.keys", config.get("codeagents.auth.keys").replace(":generate+review+models:",
                    ":admin:"));
            return config;
        }
    }

    @Override
    protected Scope requiredScope() {
        return Scope.ADMIN;
    }

    @Override
    protected Response call(RequestSpecification request) {
        return request.get("/doctor?check=system.jvm");
    }
}
