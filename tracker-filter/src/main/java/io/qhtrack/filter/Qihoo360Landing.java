package io.qhtrack.filter;

import io.qhtrack.core.ProductLine;
import io.qhtrack.core.spi.LandingParameter;
import io.qhtrack.core.spi.LandingRequest;
import io.qhtrack.core.spi.Line;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * 360 Dianjing's landing parameters as the capture filter has always looked for them, for as long as no 360
 * {@code Platform} is registered to ask ({@link CapturePlatforms} uses these only then): {@code qhclickid} (PC or mobile
 * search, decided from the User-Agent or fixed by {@code qhtrack.search.device}), {@code sourceid} (display) and
 * {@code impression_id} (mobile promotion), each an id of {@code [A-Za-z0-9._-]}, at most 128 characters, not a
 * macro. The lines' ids are the {@link ProductLine} short names, which the cookie has always stored.
 */
// TODO(h20-engine): delete once io.qhtrack.platform.qihoo360 is registered: its landingParameters() replace these
final class Qihoo360Landing {

    /** 360's platform id, as stored with clicks. */
    static final String PLATFORM = "qihoo360";

    private Qihoo360Landing() {
    }

    /** The three parameters, the search line decided by {@code device}. */
    static List<LandingParameter> parameters(CaptureSettings.SearchDevice device) {
        Line pc = line(ProductLine.PC_SEARCH);
        Line mobile = line(ProductLine.MOBILE_SEARCH);
        return Collections.unmodifiableList(Arrays.asList(
                LandingParameter.builder(ProductLine.PARAM_QHCLICKID)
                        .line((LandingRequest request) -> searchLine(device, request, pc, mobile)).build(),
                LandingParameter.builder(ProductLine.PARAM_SOURCEID).line(line(ProductLine.DISPLAY)).build(),
                LandingParameter.builder(ProductLine.PARAM_IMPRESSION_ID).line(line(ProductLine.MOBILE_PROMOTION))
                        .build()));
    }

    private static Line searchLine(CaptureSettings.SearchDevice device, LandingRequest request, Line pc, Line mobile) {
        switch (device) {
            case PC:
                return pc;
            case MOBILE:
                return mobile;
            default:
                return Devices.isMobile(request.userAgent()) ? mobile : pc;
        }
    }

    private static Line line(ProductLine line) {
        return Line.of(line.shortName(), line.wireName(), line.chineseName());
    }
}
