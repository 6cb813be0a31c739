package io.qhtrack.platform.qihoo360;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.core.Fixtures;
import io.qhtrack.core.ProductLine;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The threads of {@link UploadClient}: bounded, without a context class loader, gone after {@link UploadClient#close()}. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UploadClientThreadsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final CountDownLatch release = new CountDownLatch(1);
    private ScriptedServer server;

    @AfterEach
    void stop() throws IOException {
        release.countDown();
        if (server != null) {
            server.close();
        }
    }

    private static SignedUpload upload(UploadClient client) {
        Upload upload = Fixtures.upload(ProductLine.PC_SEARCH,
                Conversion.builder(Event.SUBMIT).transId("threads-" + System.nanoTime()).build());
        return client.sign(upload, Fixtures.search());
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.yield();
        }
    }

    /** The live threads of upload clients (not the shared watchdog). */
    private static Set<Thread> clientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().matches("qhtrack-http-[0-9]+-[0-9]+"))
                .collect(Collectors.toSet());
    }

    @Test
    void beyondItsThreadsAnUploadFailsAtOnceAsSaturated() throws Exception {
        ScriptedServer.Script delivering = ScriptedServer.delivering();
        server = ScriptedServer.start((request, out) -> {
            release.await(30, TimeUnit.SECONDS);
            return delivering.answer(request, out);
        });
        try (UploadClient client = UploadClient.builder().endpoint(server.endpoint()).maxThreads(2).build()) {
            CompletableFuture<UploadResult> first = client.sendAsync(upload(client));
            CompletableFuture<UploadResult> second = client.sendAsync(upload(client));
            await("both threads are in an exchange", () -> server.answering() == 2);

            CompletableFuture<UploadResult> third = client.sendAsync(upload(client));

            assertThat(third).isCompleted();
            assertThat(third.get().outcome()).isEqualTo(UploadResult.Outcome.TRANSIENT_FAILURE);
            assertThat(third.get().message()).contains("saturated", "all 2 of its threads", "maxThreads");
            assertThat(first).isNotDone();
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS).isDelivered()).isTrue();
            assertThat(second.get(10, TimeUnit.SECONDS).isDelivered()).isTrue();
            assertThat(server.requests()).isEqualTo(2);
        }
    }

    @Test
    void aClosedClientAnswersAtOnceThatItIsClosed() throws IOException {
        server = ScriptedServer.start(ScriptedServer.delivering());
        UploadClient client = UploadClient.builder().endpoint(server.endpoint()).build();
        SignedUpload signed = upload(client);
        client.close();

        CompletableFuture<UploadResult> async = client.sendAsync(signed);
        UploadResult sync = client.send(signed);

        assertThat(async).isCompleted();
        assertThat(async.join().message()).contains("the upload client is closed");
        assertThat(async.join().isTransient()).isTrue();
        assertThat(sync.message()).contains("the upload client is closed");
        assertThat(server.requests()).isZero();
    }

    @Test
    void theClientsThreadsHoldNoContextClassLoader() throws Exception {
        server = ScriptedServer.start(ScriptedServer.delivering());
        Thread caller = Thread.currentThread();
        ClassLoader previous = caller.getContextClassLoader();
        try (URLClassLoader webapp = new URLClassLoader(new URL[0], null)) {
            caller.setContextClassLoader(webapp); // as on a servlet container's request thread
            try (UploadClient client = UploadClient.builder().endpoint(server.endpoint()).build()) {
                Set<Thread> before = clientThreads();

                assertThat(client.sendAsync(upload(client)).get(10, TimeUnit.SECONDS).isDelivered()).isTrue();

                Set<Thread> created = new HashSet<>(clientThreads());
                created.removeAll(before);
                assertThat(created).isNotEmpty().allSatisfy(t -> assertThat(t.getContextClassLoader()).isNull());
                List<Thread> watchdogs = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().startsWith("qhtrack-http-watchdog-")).collect(Collectors.toList());
                assertThat(watchdogs).isNotEmpty().allSatisfy(t -> {
                    assertThat(t.getContextClassLoader()).isNull();
                    assertThat(t.isDaemon()).isTrue();
                });
            }
        } finally {
            caller.setContextClassLoader(previous);
        }
    }

    @Test
    void closingEndsTheClientsThreads() throws Exception {
        server = ScriptedServer.start(ScriptedServer.delivering());
        UploadClient client = UploadClient.builder().endpoint(server.endpoint()).build();
        Set<Thread> before = clientThreads();
        for (int i = 0; i < 3; i++) {
            assertThat(client.sendAsync(upload(client)).get(10, TimeUnit.SECONDS).isDelivered()).isTrue();
        }
        Set<Thread> created = new HashSet<>(clientThreads());
        created.removeAll(before);
        assertThat(created).isNotEmpty().allSatisfy(t -> assertThat(t.isDaemon()).isTrue());

        client.close();

        await("the client's threads end", () -> created.stream().noneMatch(Thread::isAlive));
    }

    @Test
    void aThreadLimitOutsideItsRangeIsRefused() {
        assertThatThrownBy(() -> UploadClient.builder().maxThreads(0)).isInstanceOf(ConfigurationException.class)
                .hasMessage("maxThreads: 0 is not between 1 and 4096");
    }
}
