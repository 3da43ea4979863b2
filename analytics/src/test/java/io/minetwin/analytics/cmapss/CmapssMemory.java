package io.minetwin.analytics.cmapss;

import io.minetwin.analytics.MemorySources;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;

/** Loads C-MAPSS units into memory sources the way the engine imports them into its store. */
final class CmapssMemory {
    private CmapssMemory() {
    }

    static MemorySources load(CmapssData data) {
        MemorySources m = new MemorySources();
        for (String part : new String[] {"train", "test"}) {
            for (CmapssData.Unit u : part.equals("train") ? data.train() : data.test()) {
                TwinId twin = CmapssFleet.twin(data.subset(), part, u.id());
                for (int c = 0; c < CmapssData.CHANNELS.size(); c++) {
                    SeriesKey key = new SeriesKey(twin, CmapssFleet.COMPONENT, CmapssData.CHANNELS.get(c));
                    for (int i = 0; i < u.cycles().length; i++) {
                        m.add(key, CmapssFleet.time(u.cycles()[i]).toEpochMilli(), u.rows()[i][c]);
                    }
                }
                if (part.equals("train")) {
                    m.add(CmapssFleet.failure(data.subset(), u));
                }
            }
        }
        return m;
    }
}
