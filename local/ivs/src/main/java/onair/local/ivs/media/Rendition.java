package onair.local.ivs.media;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One output rendition, named like IVS names them (e.g. 480p30 = 480 lines, 30 fps; the record-to-S3 page's
 * sample lists 480p30, 360p30, 160p30 and the source 720p60). The source rendition is the broadcaster's own
 * video, passed through without re-encoding; the others are transcodes.
 */
public record Rendition(String name, int width, int height, int fps, boolean source) {

    private static final Pattern NAME = Pattern.compile("(\\d{2,4})p(\\d{1,2})");

    /** "none" = no transcodes (the source rendition only). */
    public static List<Rendition> parseList(String list) {
        if (list.trim().equals("none")) {
            return List.of();
        }
        List<Rendition> out = new ArrayList<>();
        for (String part : list.split(",")) {
            Matcher m = NAME.matcher(part.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("rendition '" + part + "' is not like 480p30 (height p fps), or 'none'");
            }
            int height = Integer.parseInt(m.group(1));
            int fps = Integer.parseInt(m.group(2));
            if (height % 2 != 0 || height < 90 || height > 1080 || fps < 1 || fps > 60) {
                throw new IllegalArgumentException("rendition '" + part + "' out of range (even height 90-1080, fps 1-60)");
            }
            out.add(new Rendition(part.trim(), wide(height), height, fps, false));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("list renditions like 480p30,160p30, or 'none'");
        }
        return List.copyOf(out);
    }

    /** The broadcaster's video as it arrives (probed), named like IVS: &lt;height&gt;p&lt;rounded fps&gt;. */
    public static Rendition source(int width, int height, double fps) {
        int rounded = (int) Math.max(1, Math.round(fps));
        return new Rendition(height + "p" + rounded, width, height, rounded, true);
    }

    /** 16:9 width, even (x264 needs even sizes; the transcoder scales to the same). */
    private static int wide(int height) {
        int w = (int) Math.round(height * 16.0 / 9.0);
        return w % 2 == 0 ? w : w + 1;
    }

    /** Target video bitrate of a transcode: about 0.1 bit per pixel per frame, small for a shared CPU. */
    public int videoKbps() {
        return Math.max(150, (int) (width * (long) height * fps / 10_000));
    }
}
