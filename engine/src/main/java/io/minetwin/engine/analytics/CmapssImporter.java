package io.minetwin.engine.analytics;

import io.minetwin.analytics.cmapss.CmapssData;
import io.minetwin.analytics.cmapss.CmapssFleet;
import io.minetwin.model.Event;
import io.minetwin.model.Point;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import io.minetwin.store.Store;
import java.util.ArrayList;
import java.util.List;

/**
 * Imports a C-MAPSS subset into the store as a fleet: every unit a twin with an {@code engine}
 * component, one sample per channel and cycle, and a failure event at the last cycle of each training
 * unit (see {@link CmapssFleet}). Importing again replaces the same samples and events, so it is
 * idempotent.
 */
public final class CmapssImporter {

    private static final int BATCH = 50_000;

    /** What was stored. */
    public record Imported(int twins, long samples, int failures) {
    }

    public Imported importInto(Store store, CmapssData data) {
        List<Point> batch = new ArrayList<>(BATCH);
        long samples = 0;
        int twins = 0;
        List<Event> failures = new ArrayList<>();
        for (String part : List.of("train", "test")) {
            for (CmapssData.Unit unit : part.equals("train") ? data.train() : data.test()) {
                TwinId twin = CmapssFleet.twin(data.subset(), part, unit.id());
                twins++;
                for (int c = 0; c < CmapssData.CHANNELS.size(); c++) {
                    SeriesKey key = new SeriesKey(twin, CmapssFleet.COMPONENT, CmapssData.CHANNELS.get(c));
                    for (int i = 0; i < unit.cycles().length; i++) {
                        batch.add(Point.good(key, CmapssFleet.time(unit.cycles()[i]).toEpochMilli(), unit.rows()[i][c]));
                        if (batch.size() == BATCH) {
                            store.history().append(batch);
                            samples += batch.size();
                            batch.clear();
                        }
                    }
                }
                if (part.equals("train")) {
                    failures.add(CmapssFleet.failure(data.subset(), unit));
                }
            }
        }
        if (!batch.isEmpty()) {
            store.history().append(batch);
            samples += batch.size();
        }
        store.events().append(failures);
        return new Imported(twins, samples, failures.size());
    }
}
