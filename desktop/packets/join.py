"""A new county desk joins its city: from the city's first packet.

The packet names the county (its recipient) and carries the county's unit among the
city's units; the county confirms the city key's fingerprint (read out by phone), the
key is pinned and the packet applied.  Nothing is left behind when any step fails."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.i18n import Msg, UserError
from desktop.packets import manifest as mf
from desktop.packets.importer import import_packets
from desktop.packets.safezip import DEFAULT_LIMITS, PacketFormatError, SafeZipReader
from desktop.services.desk import DeskContext, init_desk, remove_new_database

__all__ = ["JoinPacket", "join_city", "read_join_packet"]


class JoinPacket:
    def __init__(self, city: str, city_name: str, county: str, county_name: str) -> None:
        self.city, self.city_name = city, city_name
        self.county, self.county_name = county, county_name


def read_join_packet(path: Path) -> JoinPacket:
    """Who sent the packet to whom (not yet verified: that happens on import)."""
    not_city = UserError(Msg(f"“{path}”不是市级下发包，不能用来加入市级台账。",
                             f"“{path}” is not a city packet."))
    try:
        with SafeZipReader(Path(path), DEFAULT_LIMITS) as reader:
            m = mf.parse_manifest(reader.read(mf.MANIFEST_ENTRY, mf.MAX_MANIFEST_BYTES))
            data = json.loads(reader.read(mf.DATA_ENTRY, DEFAULT_LIMITS.max_entry_size))
    except (PacketFormatError, mf.ManifestError, OSError, ValueError) as e:
        raise not_city from e
    if m.kind != mf.CITY_PACKET or not m.recipient:
        raise not_city
    units = data.get("tables", {}).get("org_unit", []) if isinstance(data, dict) else []
    name = next((u.get("name") for u in units
                 if isinstance(u, dict) and u.get("code") == m.recipient), None)
    return JoinPacket(m.sender_code, m.sender_name, m.recipient, str(name or m.recipient))


def join_city(home: Path, packet: Path, fingerprint: str) -> DeskContext:
    """A new county desk in ``home`` holding the city's first packet for it."""
    if not fingerprint.strip():
        raise UserError(Msg("请填写市级整改办电话告知的密钥指纹。",
                            "Enter the city key's fingerprint, as read out by phone."))
    info = read_join_packet(packet)
    ctx = init_desk(home, "county", info.county, info.county_name)
    try:
        outcome = import_packets(ctx, [packet], apply=True, fingerprint=fingerprint)
        if not outcome.applied:
            why = [o.inspection.refusal.msg for o in outcome.rejected
                   if o.inspection.refusal is not None]
            raise UserError(Msg("市级下发包未能导入，未建立台账：" + "；".join(w.zh for w in why),
                                "The city packet was refused; no ledger was made: "
                                + "; ".join(w.en for w in why)))
    except BaseException:
        paths = ctx.paths
        ctx.close()
        remove_new_database(paths)
        raise
    return ctx
