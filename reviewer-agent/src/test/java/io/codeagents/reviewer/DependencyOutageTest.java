package io.codeagents.reviewer;

import static io.codeagents.reviewer.testing.Reviews.review;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.codeagents.common.testing.DependencyOutageContract;
import io.codeagents.common.testing.OutageProfile;
import io.codeagents.common.testing.OutageProxies;
import io.codeagents.reviewer.service.ReviewService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(OutageProfile.class)
class DependencyOutageTest extends DependencyOutageContract {

    @Override
    protected boolean redisRequired() {
        return false;
    }

    @Test
    void withoutPostgresTheReviewIsStillAnsweredAndSaysItWasNotStored() throws Exception {
        OutageProxies.postgres().cut();
        try {
            review("def one() -> int:\n    \"\"\"One.\"\"\"\n    return 1\n",
                    "from solution import one\n\n\ndef test_one():\n    assert one() == 1\n").statusCode(200)
                    .body("verdict", equalTo("approved"))
                    .body("degraded", contains(ReviewService.NOT_STORED));
        } finally {
            OutageProxies.postgres().restore();
        }
    }
}
