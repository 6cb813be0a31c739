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
    public Optional<Click> load(HttpServletRequest request) {
        for (ClickStore store : stores) {
            Optional<Click> click = store.load(request);
            if (click.isPresent()) {
                return click;
            }
        }
        return Optional.empty();
    }

    @Override
    public void save(HttpServletRequest request, HttpServletResponse response, Click click) {
        for (ClickStore store : stores) {
            store.save(request, response, click);
        }
    }

    /**
     * Remembers a click just seen on a URL in every store, keeping the original capture time if any store already
     * holds the same click, and writing only to the stores that do not hold it yet.
     */
    Click remember(HttpServletRequest request, HttpServletResponse response, Click seen) {
        Click effective = seen;
        boolean[] holds = new boolean[stores.size()];
        for (int i = 0; i < stores.size(); i++) {
            Optional<Click> stored = stores.get(i).load(request);
            if (stored.isPresent() && stored.get().isSameClickAs(seen)) {
                holds[i] = true;
                if (stored.get().capturedAt().isBefore(effective.capturedAt())) {
                    effective = stored.get();
                }
            }
        }
        for (int i = 0; i < stores.size(); i++) {
            if (!holds[i]) {
                stores.get(i).save(request, response, effective);
            }
        }
        return effective;
    }
}
