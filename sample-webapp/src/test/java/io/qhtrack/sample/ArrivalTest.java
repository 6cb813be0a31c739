package io.qhtrack.sample;

import io.qhtrack.core.ProductLine;
import io.qhtrack.filter.LandingUrls;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ArrivalTest {

    private static final String BASE = "http://localhost:8080/shop";
    private final List<Arrival> all = Arrival.all(BASE);

    @Test
    void oneSimulationPerLinePlusTheSinglePageApp() {
        assertThat(all).extracting(Arrival::line).containsExactly(ProductLine.PC_SEARCH, ProductLine.MOBILE_SEARCH,
                ProductLine.DISPLAY, ProductLine.MOBILE_PROMOTION, ProductLine.PC_SEARCH);
    }

    @Test
    void eachFollowsOneOf360sAppendRules() {
        assertThat(all.get(0).opened()).matches("http://localhost:8080/shop/\\?qhclickid=[0-9]{16}");
        assertThat(all.get(1).opened()).matches("http://localhost:8080/shop/\\?from=360&qhclickid=[0-9]{16}");
        assertThat(all.get(2).opened()).matches("http://localhost:8080/shop/\\?sourceid=[a-z0-9]{12}#order");
        assertThat(all.get(3).opened())
                .matches("http://localhost:8080/shop/\\?channel=360&impression_id=[a-z0-9]{24}");
        assertThat(all.get(3).landingUrl()).endsWith("&impression_id=__impression_id__");
        assertThat(all.get(4).opened())
                .matches("http://localhost:8080/shop/spa/#/landing\\?from=360&qhclickid=[0-9]{16}");
    }

    @Test
    void onlyTheSinglePageAppsIdStaysInTheFragment() {
        for (Arrival a : all) {
            boolean spa = a.opened().contains("/spa/");
            assertThat(LandingUrls.reachesServer(a.opened(), a.line().clickParameter())).isEqualTo(!spa);
        }
    }

    @Test
    void theHighlightedPartIsExactlyWhat360Appended() {
        for (Arrival a : all) {
            assertThat(a.before() + a.inserted() + a.after()).isEqualTo(a.opened());
            assertThat(a.inserted()).matches("[?&]" + a.line().clickParameter() + "=[a-z0-9]+");
            assertThat(a.openedRelativeTo(BASE)).startsWith("/").doesNotContain("localhost");
        }
    }

    @Test
    void clickIdsAreFreshEachTime() {
        assertThat(Arrival.all(BASE).get(0).opened()).isNotEqualTo(all.get(0).opened());
    }
}
