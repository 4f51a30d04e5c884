package onair.local.ivs.media;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One output rendition, named like IVS names them (e.g. 480p30 = 480 lines, 30 fps). */
public record Rendition(String name, int height, int fps) {

    private static final Pattern NAME = Pattern.compile("(\\d{2,4})p(\\d{1,2})");

    public static List<Rendition> parseList(String list) {
        List<Rendition> out = new ArrayList<>();
        for (String part : list.split(",")) {
            Matcher m = NAME.matcher(part.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("rendition '" + part + "' is not like 480p30 (height p fps)");
            }
            int height = Integer.parseInt(m.group(1));
            int fps = Integer.parseInt(m.group(2));
            if (height % 2 != 0 || height < 90 || height > 1080 || fps < 1 || fps > 60) {
                throw new IllegalArgumentException("rendition '" + part + "' out of range (even height 90-1080, fps 1-60)");
            }
            out.add(new Rendition(part.trim(), height, fps));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("at least one rendition is needed");
        }
        return List.copyOf(out);
    }

    /** 16:9 width, even (x264 needs even sizes; the transcoder scales to the same). */
    public int width() {
        int w = (int) Math.round(height * 16.0 / 9.0);
        return w % 2 == 0 ? w : w + 1;
    }

    /** Target video bitrate: about 0.1 bit per pixel per frame, enough for a test pattern, small for a shared CPU. */
    public int videoKbps() {
        return Math.max(150, (int) (width() * (long) height * fps / 10_000));
    }

    public int bandwidthBps(boolean audio) {
        return (videoKbps() + (audio ? 96 : 0)) * 1000 * 11 / 10;
    }
}
