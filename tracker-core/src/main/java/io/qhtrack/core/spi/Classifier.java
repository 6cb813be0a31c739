package io.qhtrack.core.spi;

import java.util.List;

/**
 * Reads a platform's answers: from an {@link HttpAnswer} to a {@link Verdict} for each conversion sent. It sees the
 * answers the engine has not already settled (2xx and 4xx other than 408, 425 and 429); it must read the body with
 * care — an answer that is not the platform's shape (a proxy's error page, truncated JSON, an unknown code) is a
 * {@link Verdict.Kind#RETRY}, bounded by the delivery window like every retry, never an exception.
 */
@FunctionalInterface
public interface Classifier {

    /** The verdicts for {@code batch} (in its order), as {@code answer} gives them. Never throws. */
    Verdicts classify(HttpAnswer answer, List<PlatformUpload> batch);
}
