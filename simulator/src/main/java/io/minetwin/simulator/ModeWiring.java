package io.minetwin.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives each component of a twin the failure modes its channels can show, following each channel's
 * {@link ModeLink}, with each mode's precursor channel. The order in which modes are made is the order
 * in which their lives are drawn, so it is part of the simulation's output.
 */
final class ModeWiring {

    private final ChannelPhysics[] physics;
    private final int[] comp;
    private final String[] components;
    private final String[] channelNames;
    private final Rng lives;
    private final List<ModeState> modes = new ArrayList<>();
    private final ModeState[] modeOf;
    private int wornBank;

    private ModeWiring(ChannelPhysics[] physics, int[] comp, String[] components, String[] channelNames, Rng lives) {
        this.physics = physics;
        this.comp = comp;
        this.components = components;
        this.channelNames = channelNames;
        this.lives = lives;
        this.modeOf = new ModeState[physics.length];
    }

    /** The modes of a twin in the order they were made, the mode each channel shows, and the worn bank. */
    record Wired(List<ModeState> modes, ModeState[] modeOf, int wornBank) {
    }

    static Wired wire(ChannelPhysics[] physics, int[] comp, String[] components, String[] channelNames, Rng lives) {
        ModeWiring w = new ModeWiring(physics, comp, components, channelNames, lives);
        w.run();
        return new Wired(w.modes, w.modeOf, w.wornBank);
    }

    private void run() {
        int n = physics.length;
        for (int ci = 0; ci < components.length; ci++) {
            final int c = ci;
            Map<FailureMode, ModeState> perComponent = perComponent(c);
            Map<FailureMode, ModeState> first = new LinkedHashMap<>();
            for (int k = 0; k < n; k++) {
                if (comp[k] != c) {
                    continue;
                }
                ModeLink link = physics[k].link();
                if (link instanceof ModeLink.PerComponent p) {
                    modeOf[k] = perComponent.get(p.mode());
                } else if (link instanceof ModeLink.Own o) {
                    modeOf[k] = add(o.mode(), c, k);
                } else if (link instanceof ModeLink.FirstOfComponent f) {
                    if (f.component().test(components[c])) {
                        final int precursor = f.precursor() ? k : -1;
                        modeOf[k] = first.computeIfAbsent(f.mode(), m -> add(m, c, precursor));
                    }
                } else if (link instanceof ModeLink.Banked b) {
                    modeOf[k] = first.computeIfAbsent(b.mode(), m -> {
                        wornBank = lives.chance(0.5) ? 0 : 1;
                        return add(m, c, -1);
                    });
                }
            }
            for (int k = 0; k < n; k++) {
                if (comp[k] == c && modeOf[k] == null && physics[k].link() instanceof ModeLink.JoinsComponent j) {
                    modeOf[k] = find(j.mode(), c);
                }
            }
        }
        // A banked mode's precursor is the first channel of the bank that wears.
        for (int k = 0; k < n; k++) {
            if (physics[k].link() instanceof ModeLink.Banked && modeOf[k] != null && modeOf[k].precursor < 0
                    && channelNames[k].endsWith(wornBank == 0 ? "left" : "right")) {
                ModeState old = modeOf[k];
                ModeState fixed = new ModeState(old.mode, old.component, k);
                modes.set(modes.indexOf(old), fixed);
                for (int j = 0; j < n; j++) {
                    if (modeOf[j] == old) {
                        modeOf[j] = fixed;
                    }
                }
            }
        }
        for (int k = 0; k < n; k++) {
            if (physics[k].link() instanceof ModeLink.JoinsTwin j) {
                modeOf[k] = TwinSim.findAny(modes, j.mode());
            }
        }
    }

    /** The component's per-component modes, each with its precursor of lowest rank, made before the others. */
    private Map<FailureMode, ModeState> perComponent(int c) {
        Map<FailureMode, Integer> best = new LinkedHashMap<>();
        for (int k = 0; k < physics.length; k++) {
            if (comp[k] == c && physics[k].link() instanceof ModeLink.PerComponent p) {
                Integer at = best.get(p.mode());
                if (at == null || rank(k) < rank(at)) {
                    best.put(p.mode(), k);
                }
            }
        }
        Map<FailureMode, ModeState> out = new LinkedHashMap<>();
        best.forEach((mode, k) -> out.put(mode, add(mode, c, k)));
        return out;
    }

    private int rank(int k) {
        return ((ModeLink.PerComponent) physics[k].link()).rank();
    }

    private ModeState add(FailureMode m, int c, int precursor) {
        ModeState s = new ModeState(m, c, precursor);
        modes.add(s);
        return s;
    }

    private ModeState find(FailureMode m, int c) {
        for (ModeState s : modes) {
            if (s.mode == m && s.component == c) {
                return s;
            }
        }
        return null;
    }
}
