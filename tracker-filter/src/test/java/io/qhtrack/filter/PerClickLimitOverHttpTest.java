package io.qhtrack.filter;

import io.qhtrack.testkit.Fake360;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code qhtrack.limit.per-click} over real HTTP on Jetty: one click, a lead form posted again and again with other
 * contents or to other query strings, ends in at most that many conversions that day; beyond, {@code LIMITED}.
 */
class PerClickLimitOverHttpTest {

    private static final int LIMIT = 3;

    private ShopServer shop;
    private ShopServer.Visitor visitor;

    @BeforeEach
    void start() throws Exception {
        shop = ShopServer.builder().synchronousDelivery().contextParam("qhtrack.limit.per-click", String.valueOf(LIMIT))
                .start();
        visitor = shop.visitor();
        visitor.get("/?qhclickid=8100000000000001");
    }

    @AfterEach
    void stop() {
        shop.close();
    }

    /**
     * Every conversion the tracker queued, once Fake360 has accepted them all; the outbox holds no other entry, so
     * nothing else can ever be sent.
     */
    private List<Fake360.Received> deliveredWhenTheOutboxIsEmpty() {
        long queued = shop.tracker().metrics().getQueued();
        List<Fake360.Received> accepted = shop.fake.accepted(); // delivered synchronously, before each response
        assertThat(accepted).hasSize((int) queued);
        assertThat(shop.tracker().outbox().counts().values().stream().mapToLong(Long::longValue).sum())
                .as("entries in the outbox, in every state").isEqualTo(queued);
        return accepted;
    }

    @Test
    void aLeadFormPostedManyTimesWithOtherContentsEndsInTheLimit() {
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            outcomes.add(visitor.lead("/lead", "name", "visitor " + i, "phone", "1380000000" + i));
        }

        assertThat(outcomes).containsExactly("QUEUED", "QUEUED", "QUEUED", "LIMITED", "LIMITED", "LIMITED",
                "LIMITED", "LIMITED");
        assertThat(deliveredWhenTheOutboxIsEmpty()).hasSize(LIMIT).extracting(Fake360.Received::event)
                .containsOnly("SUBMIT");
        assertThat(shop.tracker().metrics().getLimited()).isEqualTo(5);
    }

    @Test
    void aLeadFormPostedToOtherQueryStringsIsOneConversion() {
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            outcomes.add(visitor.lead("/lead?v=" + i + "&name=q" + i, "name", "Zhao", "phone", "13700000000"));
        }

        assertThat(outcomes).first().isEqualTo("QUEUED");
        assertThat(outcomes.subList(1, 8)).containsOnly("DUPLICATE");
        assertThat(deliveredWhenTheOutboxIsEmpty()).hasSize(1);
    }

    @Test
    void otherContentsAndOtherQueryStringsTogetherStillEndInTheLimit() {
        for (int i = 0; i < 6; i++) {
            visitor.lead("/lead?v=" + i, "name", "visitor " + i % 4, "phone", "137");
            visitor.postForm("/triggered?w=" + i, "name", "triggered " + i, "phone", "137");
        }

        assertThat(deliveredWhenTheOutboxIsEmpty()).hasSize(LIMIT);
        assertThat(shop.tracker().metrics().getQueued()).isEqualTo(LIMIT);
    }
}
