package io.codeagents.gateway;

import io.codeagents.common.testing.DependencyOutageContract;
import io.codeagents.common.testing.OutageProfile;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(OutageProfile.class)
@QuarkusTestResource(ModelServers.class)
class DependencyOutageTest extends DependencyOutageContract {

    @Override
    protected boolean redisRequired() {
        return false;
    }
}
