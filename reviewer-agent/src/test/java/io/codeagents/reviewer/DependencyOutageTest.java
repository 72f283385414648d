package io.codeagents.reviewer;

import io.codeagents.common.testing.DependencyOutageContract;
import io.codeagents.common.testing.OutageProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(OutageProfile.class)
class DependencyOutageTest extends DependencyOutageContract {

    @Override
    protected boolean redisRequired() {
        return false;
    }
}
