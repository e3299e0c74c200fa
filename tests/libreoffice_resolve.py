"""Run by LibreOffice's own Python (python3-uno): open a .docx, accept or reject every tracked
change, and save the result as plain text.

Usage: python3 libreoffice_resolve.py IN.docx PROFILE_DIR accept=OUT.txt reject=OUT.txt
"""

import contextlib
import os
import subprocess
import sys
import time

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def _property(name, value):
    item = PropertyValue()
    item.Name, item.Value = name, value
    return item


def main(source, profile, jobs):
    pipe = f"jdtool{os.getpid()}"
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--nologo", "--norestore",
         f"-env:UserInstallation=file://{profile}",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(240):
            try:
                context = resolver.resolve(
                    f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.25)
        else:
            raise SystemExit("LibreOffice did not start")
        manager = context.ServiceManager
        desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        dispatcher = manager.createInstanceWithContext(
            "com.sun.star.frame.DispatchHelper", context)
        for job in jobs:
            mode, target = job.split("=", 1)
            document = desktop.loadComponentFromURL(
                uno.systemPathToFileUrl(os.path.abspath(source)), "_blank", 0,
                (_property("Hidden", True),))
            command = ".uno:AcceptAllTrackedChanges" if mode == "accept" else \
                ".uno:RejectAllTrackedChanges"
            dispatcher.executeDispatch(document.getCurrentController().getFrame(), command,
                                       "", 0, ())
            document.storeToURL(uno.systemPathToFileUrl(os.path.abspath(target)),
                                (_property("FilterName", "Text (encoded)"),
                                 _property("FilterOptions", "UTF8,LF,,,")))
            document.close(True)
        with contextlib.suppress(Exception):
            desktop.terminate()
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
