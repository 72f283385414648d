package io.codeagents.doctor;

import io.codeagents.common.testing.ServiceConventionsContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ConventionsTest extends ServiceConventionsContract {

    @Override
    protected String jsonEndpoint() {
        return "/doctor/fix";
    }

    @Override
    protected String bodyWithoutRequiredField() {
        return "{\"dry_run\": true}";
    }

    @Override
    protected String missingField() {
        return "checks";
    }
}
