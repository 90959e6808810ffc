#!/usr/bin/python3
"""Serves one H.264 MP4 file over RTSP on loopback, for the stream tests.

GStreamer's RTSP server (Debian: gir1.2-gst-rtsp-server-1.0) answers both RTP over UDP and
RTP interleaved in the RTSP TCP connection, which Debian's rtsp-server-perl cannot.
Each client gets its own session paced in real time, from the file's start.

usage: rtsp-file-server.py PORT PATH_ON_SERVER VIDEO.mp4
"""
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402


def main():
    port, mount, video = sys.argv[1], sys.argv[2], sys.argv[3]
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(port)
    factory = GstRtspServer.RTSPMediaFactory()
    # qtdemux hands rtph264pay the AVC stream as stored; no re-encoding.
    factory.set_launch(
        '( filesrc location="%s" ! qtdemux ! rtph264pay name=pay0 pt=96 config-interval=1 )'
        % video.replace('"', '\\"'))
    server.get_mount_points().add_factory(mount, factory)
    if server.attach(None) == 0:
        sys.exit("cannot listen on 127.0.0.1:" + port)
    print("serving rtsp://127.0.0.1:%s%s" % (port, mount), flush=True)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
