package onair.local.ivs.media;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * IVS timed metadata (PutMetadata) of one stream, carried the way IVS carries it: "Amazon IVS timed metadata uses ID3
 * tags embedded in the video segments. As a result, they are available in the recorded video"
 * (https://docs.aws.amazon.com/ivs/latest/LowLatencyUserGuide/metadata.html).
 *
 * <p>Each cue is an ID3v2.4 tag with one TXXX frame (UTF-8, empty description, the metadata string as its value): the
 * IVS Player SDK hands it to the page as a {@code TextMetadataCue} with {@code text} and {@code description}
 * (https://aws.github.io/amazon-ivs-player-docs/1.51.0-rc.2/web/interfaces/TextMetadataCue.html), the shape of a TXXX
 * frame. In an MPEG-2 TS segment it travels as Apple's "Timed Metadata for HTTP Live Streaming" describes: an
 * elementary stream of stream_type 0x15 (metadata in PES) listed in the PMT with a metadata_descriptor ('ID3 '), and
 * one private_stream_1 PES (0xBD, data_alignment_indicator set) per tag whose PTS is the moment on the stream's clock
 * (https://developer.apple.com/library/archive/documentation/AudioVideo/Conceptual/HTTP_Live_Streaming_Metadata_Spec/).
 * hls.js reads exactly that (tsdemuxer: PMT stream_type 0x15 → id3 track, FRAG_PARSING_METADATA with the tag bytes and
 * the PTS). IVS's exact frame choice and PID are not documented: see the README's differences.
 *
 * <p>The segments on disk are never changed: cues are put into a segment's bytes each time it is read (live playback
 * and the recorder), so both carry the same tag at the same moment. IVS puts the metadata into the stream as it is
 * ingested ("synchronized with the audio and video frames"): here a cue belongs, in every rendition, to the segment
 * ffmpeg is writing when PutMetadata is accepted (the one after the last complete segment of that rendition's
 * playlist), at its first PTS: within one segment (2 s) of the moment. (A segment's program-date-time cannot place
 * it: ffmpeg stamps them from its own start, seconds ahead of the frames still buffered from probing.)
 */
public final class TimedMetadata {

    /** The metadata elementary stream's PID: ffmpeg's mpegts muxer uses 0x100 and up for its own streams. */
    static final int PID = 0x1F0;
    private static final int TS = 188;

    /**
     * One PutMetadata call: when it was accepted, its text, and per rendition the file of the segment being written
     * then (e.g. {@code 360p30 -> seg12.ts}).
     */
    public record Cue(Instant at, String text, Map<String, String> segments) {
    }

    private final List<Cue> cues = new CopyOnWriteArrayList<>();

    public void add(Instant at, String text, Map<String, String> segments) {
        cues.add(new Cue(at, text, Map.copyOf(segments)));
    }

    /** The segment of {@code rendition} stored as {@code file}, with the metadata stream and its cues. */
    public byte[] inject(byte[] segment, String rendition, String file) {
        List<Cue> mine = new ArrayList<>();
        for (Cue c : cues) {
            if (file.equals(c.segments().get(rendition))) {
                mine.add(c);
            }
        }
        return inject(segment, mine);
    }

    public List<Cue> cues() {
        return List.copyOf(cues);
    }

    /** The segment with the metadata stream in its PMT and the given cues as ID3 PES packets at its first PTS. */
    static byte[] inject(byte[] segment, List<Cue> mine) {
        if (segment.length % TS != 0 || segment.length == 0 || segment[0] != 0x47) {
            return segment; // not a TS segment we understand: served as written
        }
        int pmtPid = pmtPid(segment);
        long firstPts = firstPts(segment, pmtPid);
        ByteArrayOutputStream out = new ByteArrayOutputStream(segment.length + TS * 8);
        boolean placed = false;
        for (int off = 0; off < segment.length; off += TS) {
            byte[] packet = java.util.Arrays.copyOfRange(segment, off, off + TS);
            int pid = pid(packet);
            if (pmtPid >= 0 && pid == pmtPid && payloadStart(packet)) {
                packet = extendPmt(packet);
                out.writeBytes(packet);
                if (!placed && firstPts >= 0) {
                    int cc = 0;
                    for (Cue c : mine) {
                        for (byte[] p : pesPackets(id3(c.text()), firstPts & 0x1FFFFFFFFL, cc)) {
                            out.writeBytes(p);
                            cc = (cc + 1) & 0xF;
                        }
                    }
                    placed = true;
                }
                continue;
            }
            out.writeBytes(packet);
        }
        return out.toByteArray();
    }

    /** An ID3v2.4 tag with one TXXX frame: encoding 3 (UTF-8), empty description, the value (id3.org v2.4 4.2.6). */
    public static byte[] id3(String text) {
        byte[] value = text.getBytes(StandardCharsets.UTF_8);
        int frameSize = 1 + 1 + value.length; // encoding, description terminator, value
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[]{'I', 'D', '3', 4, 0, 0});
        b.writeBytes(synchsafe(10 + frameSize));
        b.writeBytes(new byte[]{'T', 'X', 'X', 'X'});
        b.writeBytes(synchsafe(frameSize));
        b.write(0);
        b.write(0);
        b.write(3);
        b.write(0);
        b.writeBytes(value);
        return b.toByteArray();
    }

    private static byte[] synchsafe(int n) {
        return new byte[]{(byte) ((n >> 21) & 0x7F), (byte) ((n >> 14) & 0x7F), (byte) ((n >> 7) & 0x7F), (byte) (n & 0x7F)};
    }

    /** A PES (private_stream_1, PTS only) split into TS packets of PID, the last one padded by its adaptation field. */
    static List<byte[]> pesPackets(byte[] tag, long pts, int firstCc) {
        ByteArrayOutputStream pes = new ByteArrayOutputStream();
        pes.writeBytes(new byte[]{0, 0, 1, (byte) 0xBD});
        int len = 3 + 5 + tag.length;
        pes.write(len >> 8);
        pes.write(len & 0xFF);
        pes.write(0x84); // '10', data_alignment_indicator
        pes.write(0x80); // PTS only
        pes.write(5);
        pes.write((int) (0x21 | ((pts >> 29) & 0x0E)));
        pes.write((int) ((pts >> 22) & 0xFF));
        pes.write((int) (((pts >> 14) & 0xFE) | 1));
        pes.write((int) ((pts >> 7) & 0xFF));
        pes.write((int) (((pts << 1) & 0xFE) | 1));
        pes.writeBytes(tag);
        byte[] data = pes.toByteArray();
        List<byte[]> packets = new ArrayList<>();
        int pos = 0;
        int cc = firstCc;
        while (pos < data.length) {
            byte[] p = new byte[TS];
            p[0] = 0x47;
            p[1] = (byte) ((pos == 0 ? 0x40 : 0) | (PID >> 8));
            p[2] = (byte) (PID & 0xFF);
            int room = TS - 4;
            int left = data.length - pos;
            if (left >= room) {
                p[3] = (byte) (0x10 | cc);
                System.arraycopy(data, pos, p, 4, room);
                pos += room;
            } else {
                // adaptation field of stuffing so the payload ends the packet
                int af = room - left - 1; // adaptation_field_length
                p[3] = (byte) (0x30 | cc);
                p[4] = (byte) af;
                if (af > 0) {
                    p[5] = 0; // no flags
                    for (int i = 6; i < 5 + af; i++) {
                        p[i] = (byte) 0xFF;
                    }
                }
                System.arraycopy(data, pos, p, 5 + af, left);
                pos += left;
            }
            packets.add(p);
            cc = (cc + 1) & 0xF;
        }
        return packets;
    }

    /** The PMT section with the metadata stream added (once), its CRC recomputed; unchanged when it does not fit. */
    static byte[] extendPmt(byte[] packet) {
        int start = payloadOffset(packet);
        if (start < 0) {
            return packet;
        }
        int table = start + 1 + (packet[start] & 0xFF); // pointer_field
        if (table + 12 > TS || (packet[table] & 0xFF) != 0x02) {
            return packet;
        }
        int sectionLength = ((packet[table + 1] & 0x0F) << 8) | (packet[table + 2] & 0xFF);
        int end = table + 3 + sectionLength; // after the CRC
        if (end > TS) {
            return packet; // a PMT over several packets: not what ffmpeg writes for these streams
        }
        int programInfo = ((packet[table + 10] & 0x0F) << 8) | (packet[table + 11] & 0xFF);
        for (int es = table + 12 + programInfo; es < end - 4; ) {
            int pid = ((packet[es + 1] & 0x1F) << 8) | (packet[es + 2] & 0xFF);
            if (pid == PID) {
                return packet;
            }
            es += 5 + (((packet[es + 3] & 0x0F) << 8) | (packet[es + 4] & 0xFF));
        }
        // stream_type 0x15, PID, ES_info: metadata_descriptor (tag 0x26) for 'ID3 ' (Apple's timed metadata spec)
        byte[] entry = {0x15, (byte) (0xE0 | (PID >> 8)), (byte) (PID & 0xFF), (byte) 0xF0, 15,
                0x26, 13, (byte) 0xFF, (byte) 0xFF, 'I', 'D', '3', ' ', (byte) 0xFF, 'I', 'D', '3', ' ', 0x00, 0x0F};
        if (end + entry.length > TS) {
            return packet;
        }
        byte[] out = packet.clone();
        int insertAt = end - 4;
        System.arraycopy(entry, 0, out, insertAt, entry.length);
        int newLength = sectionLength + entry.length;
        out[table + 1] = (byte) ((packet[table + 1] & 0xF0) | (newLength >> 8));
        out[table + 2] = (byte) (newLength & 0xFF);
        int crc = crc32Mpeg(out, table, insertAt + entry.length - table);
        int c = insertAt + entry.length;
        out[c] = (byte) (crc >>> 24);
        out[c + 1] = (byte) (crc >>> 16);
        out[c + 2] = (byte) (crc >>> 8);
        out[c + 3] = (byte) crc;
        for (int i = c + 4; i < TS; i++) {
            out[i] = (byte) 0xFF;
        }
        return out;
    }

    /** CRC-32/MPEG-2 (poly 0x04C11DB7, init 0xFFFFFFFF, no reflection, no final xor), as PSI sections use. */
    static int crc32Mpeg(byte[] b, int off, int len) {
        int crc = 0xFFFFFFFF;
        for (int i = off; i < off + len; i++) {
            crc ^= (b[i] & 0xFF) << 24;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
            }
        }
        return crc;
    }

    private static int pid(byte[] p) {
        return ((p[1] & 0x1F) << 8) | (p[2] & 0xFF);
    }

    private static boolean payloadStart(byte[] p) {
        return (p[1] & 0x40) != 0;
    }

    /** Offset of the payload in a packet, or -1 when it has none. */
    private static int payloadOffset(byte[] p) {
        int afc = (p[3] >> 4) & 0x3;
        if (afc == 1) {
            return 4;
        }
        if (afc == 3) {
            int o = 5 + (p[4] & 0xFF);
            return o < TS ? o : -1;
        }
        return -1;
    }

    /** The PMT's PID from the first PAT of the segment, or -1. */
    static int pmtPid(byte[] seg) {
        for (int off = 0; off + TS <= seg.length; off += TS) {
            byte[] p = java.util.Arrays.copyOfRange(seg, off, off + TS);
            if (pid(p) != 0 || !payloadStart(p)) {
                continue;
            }
            int start = payloadOffset(p);
            if (start < 0) {
                continue;
            }
            int t = start + 1 + (p[start] & 0xFF);
            // first program: program_number (2 bytes), then '111' + program_map_PID
            int entry = t + 8;
            if (entry + 4 > TS) {
                continue;
            }
            int program = ((p[entry] & 0xFF) << 8) | (p[entry + 1] & 0xFF);
            if (program == 0) {
                entry += 4; // the network PID entry
            }
            return ((p[entry + 2] & 0x1F) << 8) | (p[entry + 3] & 0xFF);
        }
        return -1;
    }

    /** The first PTS of any PES in the segment (other than the PAT, the PMT and ours), or -1. */
    static long firstPts(byte[] seg, int pmtPid) {
        for (int off = 0; off + TS <= seg.length; off += TS) {
            byte[] p = java.util.Arrays.copyOfRange(seg, off, off + TS);
            int pid = pid(p);
            if (pid == 0 || pid == pmtPid || pid == PID || pid == 0x1FFF || !payloadStart(p)) {
                continue;
            }
            int s = payloadOffset(p);
            if (s < 0 || s + 14 > TS || p[s] != 0 || p[s + 1] != 0 || p[s + 2] != 1) {
                continue;
            }
            if ((p[s + 7] & 0x80) == 0) {
                continue;
            }
            int q = s + 9;
            return (((long) (p[q] & 0x0E)) << 29) | ((long) (p[q + 1] & 0xFF) << 22)
                    | ((long) (p[q + 2] & 0xFE) << 14) | ((long) (p[q + 3] & 0xFF) << 7) | ((p[q + 4] & 0xFE) >> 1);
        }
        return -1;
    }
}
