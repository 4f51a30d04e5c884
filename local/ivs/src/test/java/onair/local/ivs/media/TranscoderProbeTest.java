package onair.local.ivs.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** What ffprobe answers about an RTMP stream from nginx-rtmp (outputs recorded from ffprobe 5 / nginx-rtmp 1.2). */
class TranscoderProbeTest {

    @Test
    void sizeFromTheVideoStream() {
        Transcoder.Probe p = Transcoder.parseProbe(("""
                {"streams":[{"codec_type":"audio","avg_frame_rate":"0/0"},
                {"codec_type":"video","width":640,"height":360,"r_frame_rate":"30/1","avg_frame_rate":"30/1"}]}""")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(new Transcoder.Probe(true, 640, 360, 30.0), p);
    }

    @Test
    void sizeFromNginxMetadataWhenNoKeyframeCameInTime() {
        Transcoder.Probe p = Transcoder.parseProbe(("""
                rtmp://x: some warning
                {"streams":[{"codec_type":"audio"},{"codec_type":"video","width":0,"height":0,"r_frame_rate":"1000/1","avg_frame_rate":"30/1"}],
                 "format":{"tags":{"displayWidth":"1280","displayHeight":"720","fps":"60"}}}""")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(new Transcoder.Probe(true, 1280, 720, 60.0), p);
        assertEquals("720p60", Rendition.source(p.width(), p.height(), p.fps()).name());
    }

    @Test
    void nothingUsableMeansNoSize() {
        Transcoder.Probe p = Transcoder.parseProbe("Input/output error".getBytes(StandardCharsets.UTF_8));
        assertEquals(0, p.width());
        assertTrue(!p.audio());
    }
}
