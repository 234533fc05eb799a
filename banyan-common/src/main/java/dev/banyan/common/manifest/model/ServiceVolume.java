package dev.banyan.common.manifest.model;

/** A mount of a service: named volume, bind mount or tmpfs. */
public record ServiceVolume(Type type, String source, String target, boolean readOnly) {
  /** The mount kinds Banyan supports. */
  public enum Type {
    VOLUME,
    BIND,
    TMPFS;

    public String composeName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
