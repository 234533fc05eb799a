package dev.banyan.vpc.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/**
 * A tiny UDP DNS server on 127.0.0.1 answering fixed A records (NXDOMAIN otherwise), standing in
 * for the host's resolver; with {@code silent} it never answers, like a dead upstream.
 */
final class FakeUpstreamDns implements AutoCloseable {
  private final DatagramSocket socket;

  FakeUpstreamDns(Map<String, String> records, boolean silent) throws IOException {
    socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread t = new Thread(() -> serve(records, silent), "fake-upstream-dns");
    t.setDaemon(true);
    t.start();
  }

  InetSocketAddress address() {
    return new InetSocketAddress(socket.getLocalAddress(), socket.getLocalPort());
  }

  private void serve(Map<String, String> records, boolean silent) {
    byte[] buffer = new byte[4096];
    while (!socket.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
        socket.receive(p);
        if (silent) {
          continue;
        }
        Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
        Message r = new Message(q.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.addRecord(q.getQuestion(), Section.QUESTION);
        String ip = records.get(q.getQuestion().getName().toString());
        if (ip == null) {
          r.getHeader().setRcode(Rcode.NXDOMAIN);
        } else {
          r.addRecord(
              new ARecord(q.getQuestion().getName(), DClass.IN, 300, InetAddress.getByName(ip)),
              Section.ANSWER);
        }
        byte[] wire = r.toWire();
        socket.send(new DatagramPacket(wire, wire.length, p.getSocketAddress()));
      } catch (IOException e) {
        // closed or malformed: keep serving until closed
      }
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
