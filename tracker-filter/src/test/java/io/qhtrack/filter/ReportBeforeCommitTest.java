package io.qhtrack.filter;

import io.qhtrack.filter.GuardedShop.Container;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19, item 9: "the visitor saw success" implies "the conversion is durable". A trigger or a
 * {@link ReportConversion} servlet reports before the response is committed, whichever way the handler commits it
 * (a flush, a body larger than the buffer, a content length reached, a close, a redirect, the end of the chain) on
 * Jetty 12 and Tomcat 11; the visitor still receives the whole answer; a failed answer reports nothing. Each test
 * asks {@link CommitProbe} whether the response was committed when the outbox took the conversion.
 */
class ReportBeforeCommitTest extends GuardedShopsTest {

    private static HttpResponse<String> postForm(CookieCarryingClient visitor, String path) {
        return visitor.post(path, "name=Zhang+San&phone=13800138000".getBytes(StandardCharsets.US_ASCII),
                "Content-Type", "application/x-www-form-urlencoded");
    }

    /** The one conversion the outbox took, and that the response was not committed yet when it did. */
    private static void assertReportedBeforeTheResponseCommitted(GuardedShop shop, String event) {
        assertThat(shop.probe.added).hasSize(1);
        CommitProbe.Added added = shop.probe.added.get(0);
        assertThat(added.upload().event()).isEqualTo(event);
        assertThat(added.committed()).as("the response was committed when the outbox took the conversion")
                .isEqualTo(Boolean.FALSE);
    }

    private void assertAnsweredAndReportedFirst(Container container, String way, int status, String body) {
        GuardedShop shop = shop(container);
        HttpResponse<String> answer = postForm(visitorWithAClick(shop), "/guarded/" + way);

        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.body()).isEqualTo(body);
        assertReportedBeforeTheResponseCommitted(shop, "SUBMIT");
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void aHandlerThatFlushesItsWriterReportsBeforeTheFlushReachesTheVisitor(Container container) {
        assertAnsweredAndReportedFirst(container, "flush-writer", 200, "accepted and done");
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void aHandlerThatFlushesItsOutputStreamReportsFirst(Container container) {
        assertAnsweredAndReportedFirst(container, "flush-stream", 200, "accepted and done");
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void aHandlerThatFlushesTheResponseBufferReportsFirst(Container container) {
        assertAnsweredAndReportedFirst(container, "flush-buffer", 200, "accepted and done");
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void aBodyLargerThanTheBufferThroughTheWriterReportsBeforeTheBufferOverflows(Container container) {
        assertAnsweredAndReportedFirst(container, "big-writer", 200, GuardedShop.bigBody());
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void aBodyLargerThanTheBufferInOneWriteToTheStreamReportsFirst(Container container) {
        assertAnsweredAndReportedFirst(container, "big-stream", 200, GuardedShop.bigBody());
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void aBodyThatReachesItsContentLengthReportsBeforeTheContainerCommitsIt(Container container) {
        assertAnsweredAndReportedFirst(container, "content-length", 200, "accepted");
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void aHandlerThatClosesItsWriterReportsFirst(Container container) {
        assertAnsweredAndReportedFirst(container, "close", 200, "accepted");
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void aRedirectReportsBeforeItIsSent(Container container) {
        assertAnsweredAndReportedFirst(container, "redirect", 302, "");
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void anAnswerLeftInTheBufferReportsAtTheEndOfTheChain(Container container) {
        assertAnsweredAndReportedFirst(container, "end", 200, "accepted");
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void aBufferTheHandlerResetsIsNotSent(Container container) {
        assertAnsweredAndReportedFirst(container, "reset", 200, "accepted");
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void anAnnotatedServletThatFlushesReportsFirst(Container container) {
        GuardedShop shop = shop(container);
        HttpResponse<String> answer = postForm(visitorWithAClick(shop), "/call");

        assertThat(answer.body()).isEqualTo("calling you");
        assertReportedBeforeTheResponseCommitted(shop, "CALL");
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void anAsynchronousAnswerReportsBeforeItsFirstByte(Container container) {
        assertAnsweredAndReportedFirst(container, "async", 200, "accepted later");
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void anAsynchronousAnswerCompletedWithoutABodyReportsBeforeItIsSent(Container container) {
        assertAnsweredAndReportedFirst(container, "async-no-body", 204, "");
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void sendErrorReportsNothing(Container container) {
        GuardedShop shop = shop(container);
        CookieCarryingClient visitor = visitorWithAClick(shop);

        assertThat(postForm(visitor, "/guarded/send-error").statusCode()).isEqualTo(400);
        assertThat(postForm(visitor, "/guarded/400-flushed").statusCode()).isEqualTo(400);

        assertThat(shop.probe.added).isEmpty();
    }

    /** What it wrote so far reaches the container as if it had been in its buffer: Tomcat sends it with the 500. */
    @ParameterizedTest
    @EnumSource(Container.class)
    void aHandlerThatThrowsReportsNothing(Container container) {
        GuardedShop shop = shop(container);

        HttpResponse<String> answer = postForm(visitorWithAClick(shop), "/guarded/throw");

        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(shop.probe.added).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void aVisitorWithoutAClickIsAnsweredAsUsualAndNothingIsQueued(Container container) {
        GuardedShop shop = shop(container);

        HttpResponse<String> answer = postForm(shop.visitor(), "/guarded/big-writer");

        assertThat(answer.body()).isEqualTo(GuardedShop.bigBody());
        assertThat(shop.probe.added).isEmpty();
    }
}
