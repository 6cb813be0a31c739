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

    /**
     * Remembers a click just seen in every store, as {@link ClickStore#remember} does for one: keeping the original
     * capture time if any store already holds the same click, and writing only to the stores that do not hold it yet.
     */
    @Override
    public Click remember(HttpServletRequest request, HttpServletResponse response, Click seen, boolean fromReferer) {
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
        if (same == null && fromReferer && current != null && current.superseded(seen)) {
            return current.click;
        }
        StoredClick effective = same != null ? same : current != null ? current.replacedBy(seen) : StoredClick.of(seen);
        for (int i = 0; i < stores.size(); i++) {
            if (!holds[i]) {
                stores.get(i).save(request, response, effective);
            }
        }
        return effective.click;
    }
}
