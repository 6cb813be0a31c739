package io.qhtrack.core.jdbc;

import io.qhtrack.core.Origin;
import io.qhtrack.core.spi.Outbox.AddResult;
import io.qhtrack.core.spi.PlatformUpload;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * One {@link JdbcOutbox#add}: the conversion, and what became of it. Its fate is decided by the one component that
 * writes it ({@link GroupCommit}'s committer, or the caller itself without group commit); the caller waits for
 * {@link #done} until the timeout. The mutable fields are guarded by the {@link GroupCommit}'s lock, except
 * {@link #ambiguous}, which only the committer reads and writes.
 */
final class PendingAdd {

    /** Where the add stands. */
    enum State {
        /** Its caller waits for the outcome. */
        WAITING,
        /** Its caller was answered {@link AddResult#HELD}: it is in the spill until it is written. */
        HELD,
        /** Settled: its outcome (or failure) is known, and was given to the caller if it still waited. */
        DONE,
        /** Its caller was answered {@link AddResult#FULL} before anything was written: it is forgotten. */
        CANCELLED
    }

    final PlatformUpload upload;
    final Origin origin;
    final Instant acceptedAt;
    final Instant deadline;
    final int limitPerClick;
    final CountDownLatch done = new CountDownLatch(1);

    State state = State.WAITING;
    /** Whether the committer has it in the batch it is writing. */
    boolean taken;
    AddResult result;
    RuntimeException failure;
    /** Whether it was answered {@link AddResult#HELD}: it is then written whatever the outbox's capacity. */
    volatile boolean held;
    /**
     * Whether a commit of a batch holding it failed without saying whether it happened: a row with its key found
     * later may be its own.
     */
    boolean ambiguous;

    PendingAdd(PlatformUpload upload, Instant acceptedAt, Instant deadline, int limitPerClick) {
        this.upload = upload;
        this.origin = upload.origin();
        this.acceptedAt = acceptedAt;
        this.deadline = deadline;
        this.limitPerClick = limitPerClick;
    }

    /**
     * The unique key's values as one string: platform, tenant, line, click id, event, deadline and the conversion key
     * ({@code ""} when absent).
     */
    String key() {
        return clickKey() + '\u0000' + upload.conversionKey();
    }

    /** The per-click limit's key: platform, tenant, line, click id, event, deadline. */
    String clickKey() {
        return clickKey(upload.platform(), upload.tenant(), upload.line(), upload.clickId(), upload.event(),
                deadline.toEpochMilli());
    }

    static String clickKey(String platform, String tenant, String line, String clickId, String event, long deadline) {
        return platform + '\u0000' + tenant + '\u0000' + line + '\u0000' + clickId + '\u0000' + event + '\u0000'
                + deadline;
    }

    /** The conversion in a log line: its platform, line, event, click and key (never a secret: the upload holds none). */
    String describe() {
        return upload + (origin == Origin.BROWSER ? " (from the browser)" : "");
    }
}
