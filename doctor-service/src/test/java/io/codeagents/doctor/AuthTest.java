package io.codeagents.doctor;

import io.codeagents.common.auth.Scope;
import io.codeagents.common.testing.AuthContract;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@TestProfile(AdminAuthProfile.class)
class AuthTest extends AuthContract {

    @Override
    protected Scope requiredScope() {
        return Scope.ADMIN;
    }

    @Override
    protected Response call(RequestSpecification request) {
        return request.get("/doctor?check=system.jvm");
    }
}
