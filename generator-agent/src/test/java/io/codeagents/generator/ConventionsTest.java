package io.codeagents.generator;

import io.codeagents.common.testing.ServiceConventionsContract;
import io.codeagents.generator.support.FakeAgentsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(FakeAgentsProfile.class)
class ConventionsTest extends ServiceConventionsContract {

    @Override
    protected String jsonEndpoint() {
        return "/tasks";
    }

    @Override
    protected String bodyWithoutRequiredField() {
        return "{\"language\": \"python\", \"max_iterations\": 2}";
    }

    @Override
    protected String missingField() {
        return "task_description";
    }

    /** Raised from the shared 2M so that a 1 MB task description reaches validation (GEN_002). */
    @Override
    protected long maxBodyBytes() {
        return 4L * 1024 * 1024;
    }
}
