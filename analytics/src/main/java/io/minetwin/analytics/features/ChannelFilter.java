package io.minetwin.analytics.features;

import java.util.List;

/** Which channels an optional feature applies to: names ending with one of a list of suffixes, or all. */
final class ChannelFilter {

    private ChannelFilter() {
    }

    static boolean matches(List<String> suffixes, String channel) {
        if (channel.equals(RegimeNormalizer.REGIME_COLUMN)) {
            return false;
        }
        if (suffixes.isEmpty()) {
            return true;
        }
        for (String s : suffixes) {
            if (channel.endsWith(s)) {
                return true;
            }
        }
        return false;
    }

    static void check(String feature, List<String> suffixes) {
        for (String s : suffixes) {
            if (s.isBlank() || s.contains(",")) {
                throw new IllegalArgumentException(feature + " channel suffix '" + s + "' must be non-blank and"
                        + " without ','; give e.g. \"temp\" for every channel whose name ends with temp");
            }
        }
    }
}
