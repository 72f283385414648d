package io.codeagents.reviewer.testing;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * Registers {@link FakeModelGateway} for every test of the module (not restricted to one class, so it causes no extra
 * application restart).
 */
@QuarkusTestResource(FakeModelGateway.class)
public final class GatewayForAllTests {

    private GatewayForAllTests() {
    }
}
