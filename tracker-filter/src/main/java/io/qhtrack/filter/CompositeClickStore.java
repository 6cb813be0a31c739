package io.qhtrack.filter;

import io.qhtrack.core.Click;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Several stores at once ({@code qhtrack.store=cookie,session}): loads from the first that has a click, saves to all. */
final class CompositeClickStore implements ClickStore {

    private final List<ClickStore> stores;

    CompositeClickStore(List<ClickStore> stores) {
        this.stores = Collections.unmodifiableList(new ArrayList<>(stores));
    }

    @Override
    public Optional<StoredClick> loadStored(HttpServletRequest request) {
        for (ClickStore store : stores) {
            Optional<StoredClick> click = store.loadStored(request);
            if (click.isPresent()) {
                return click;
            }
        }
        return Optional.empty();
    }

    @Override
    public void save(HttpServletRequest request, HttpServletResponse response, StoredClick click) {
        for (ClickStore store : stores) {
            store.save(request, response, click);
        }
    }

    @Override
    public CaptureSettings.Attribution attribution() {
        return stores.get(0).attribution();
    }

    /**
     * Remembers a click just seen in every store, as {@link ClickStore#remember} does for one: keeping the original
     * capture time if any store already holds the same click in force, and writing only to the stores that do not
     * hold it yet.
     */
    @Override
    public StoredClick remember(HttpServletRequest request, HttpServletResponse response, Click seen,
            boolean fromReferer) {
        StoredClick current = null;
        StoredClick same = null;
        boolean[] holds = new boolean[stores.size()];
        for (int i = 0; i < stores.size(); i++) {
            Optional<StoredClick> stored = stores.get(i).loadStored(request);
            if (stored.isPresent() && current == null) {
                current = stored.get();
            }
            if (stored.isPresent() && stored.get().click.isSameClickAs(seen)) {
                holds[i] = true;
                if (same == null || stored.get().click.capturedAt().isBefore(same.click.capturedAt())) {
                    same = stored.get();
                }
            }
        }
        StoredClick base = same != null ? same : current;
        StoredClick next = base == null ? StoredClick.of(seen)
                : base.remember(seen, fromReferer, attribution() == CaptureSettings.Attribution.ALL_PLATFORMS);
        if (same == null && next == current) {
            return current; // a stale tab's Referer: nothing changes
        }
        next = ClickCodec.fit(next);
        for (int i = 0; i < stores.size(); i++) {
            if (!holds[i]) {
                stores.get(i).save(request, response, next);
            }
        }
        return next;
    }
}
