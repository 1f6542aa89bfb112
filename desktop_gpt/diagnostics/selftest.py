"""``desktop-gpt --self-test``: the whole app, headless, on a temporary data folder.

It opens the real main window on Qt's offscreen platform, indexes a generated PDF through the
library pane, asks a question in the chat pane, checks that the answer cites the right page, and
opens that page in the built-in PDF viewer. It prints a JSON summary and exits 0 only if every
step worked. The models come from the user's models folder (installed by ``desktop-gpt setup``).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

FACT = "The harbour master of Port Elsby is Ines Varga, appointed in 1994."
QUESTION = "Who is the harbour master of Port Elsby?"
FILLER = (
    "The annual report of the port authority describes the state of the quays, the dredging of the "
    "channel, the tonnage handled by the cranes and the repairs planned for the breakwater. "
)


def _check_backends() -> dict[str, str]:
    """The other back ends' client libraries are bundled and fail in plain words with no server to talk to."""
    import socket

    from desktop_gpt.core.app.errors import BackendUnavailableError
    from desktop_gpt.core.app.secrets import TokenStore
    from desktop_gpt.core.chat.backends.ollama import OllamaChatModel

    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    try:
        OllamaChatModel(url, "x", context_length=2048, offline_mode=True).chat(
            [{"role": "user", "content": "hi"}], max_tokens=1, temperature=0.0
        )
    except BackendUnavailableError:
        pass
    else:
        raise RuntimeError("the Ollama back end answered with no server")
    from huggingface_hub import InferenceClient  # the endpoint back end's client

    report = {
        "ollama": "reports a missing server",
        "ollama probe": url,  # the one address the self-test asks for (the network audit allows it)
        "hf-endpoint client": InferenceClient.__name__,
    }
    report["keyring"] = "system keyring" if TokenStore().persistent else "none (tokens kept for the session)"
    try:
        import transformers  # noqa: F401
    except ImportError:
        report["hf-pipeline"] = "not bundled (optional extra)"
    else:
        report["hf-pipeline"] = "available"
    return report


def _office_samples(root: Path) -> list[Path]:
    """A Word document, a workbook, a web page and an e-book, written by the bundled libraries: the
    frozen app's reader helper must read each (a library left out of the bundle fails here)."""
    import docx
    import openpyxl
    from ebooklib import epub

    word = docx.Document()
    word.add_heading("Quay inspection", 1)
    word.add_paragraph("The eastern quay was resurfaced in granite setts.")
    word.save(str(root / "quay.docx"))
    workbook = openpyxl.Workbook()
    workbook.active.append(["Crane", "Capacity (t)"])
    workbook.active.append(["Gantry 3", 42])
    workbook.save(str(root / "cranes.xlsx"))
    (root / "notice.html").write_text("<h1>Notice</h1><p>The ferry pier is closed on Mondays.</p>", encoding="utf-8")
    book = epub.EpubBook()
    book.set_identifier("selftest")
    book.set_title("Harbour tales")
    chapter = epub.EpubHtml(title="Tides", file_name="tides.xhtml", content="<h1>Tides</h1><p>Spring tides rise.</p>")
    book.add_item(chapter)
    book.add_item(epub.EpubNav())
    book.spine = ["nav", chapter]
    epub.write_epub(str(root / "tales.epub"), book)
    return [root / "quay.docx", root / "cranes.xlsx", root / "notice.html", root / "tales.epub"]


def _check_ocr(tessdata: Path, work: Path) -> dict[str, str]:
    """OCR runs in its helper (PDFium renders, Tesseract reads): a generated scan of one sentence is
    read back. Without OCR data (set-up installs it) that is said, not failed: OCR is optional."""
    from PIL import Image, ImageDraw, ImageFont

    from desktop_gpt.core.documents.ocr import PageRecogniser
    from desktop_gpt.core.documents.ocr_data import installed_languages

    if "eng" not in installed_languages(tessdata):
        return {"ocr": f"no English OCR data in {tessdata} (desktop-gpt setup installs it)"}
    import pypdfium2 as pdfium

    image = Image.new("L", (1700, 600), 255)
    ImageDraw.Draw(image).text((100, 250), FACT, font=ImageFont.load_default(size=44), fill=0)
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(612, 216)  # 8.5 by 3 inches: the image at 200 dpi
    picture = pdfium.PdfImage.new(pdf)
    picture.set_bitmap(pdfium.PdfBitmap.from_pil(image))
    picture.set_matrix(pdfium.PdfMatrix().scale(612, 216))
    page.insert_obj(picture)
    page.gen_content()
    scan = work / "scan.pdf"
    pdf.save(scan)
    pdf.close()
    recogniser = PageRecogniser(tessdata, work / "ocr-cache", "eng", workers=1)
    try:
        text = recogniser.recognise(scan, "0" * 64, [1]).texts.get(1, "")
    finally:
        recogniser.close()
    if "Varga" not in text:
        raise RuntimeError(f"OCR did not read the generated scan: {text!r}")
    return {"ocr": "read a generated scan"}


def _check_welcome(app: Any, paths: Any) -> dict[str, str]:
    """The first-launch welcome builds, measures this computer, switches to Korean (the bundled
    translation loads) and refuses the download while offline mode is on; Skip puts the language back."""
    from desktop_gpt.core.app.settings import Settings
    from desktop_gpt.ui.welcome import WelcomeDialog

    welcome = WelcomeDialog.for_paths(paths, Settings())
    welcome.show()
    welcome.language.setCurrentIndex(welcome.language.findData("ko"))
    app.processEvents()
    title = welcome.title.text()
    welcome.request_download()
    refusal, chosen = welcome.download_state.text(), welcome.choices().download
    welcome.skip()
    if "환영" not in title:
        raise RuntimeError(f"the welcome did not switch to Korean (the translation is missing): {title}")
    if not refusal or chosen:
        raise RuntimeError("the welcome's download was not refused while offline mode is on")
    fit = welcome.fit
    return {"recommended": fit.entry.name if fit else "none", "fits": str(bool(fit and fit.fits))}


def run_self_test(data_dir: str | None = None, timeout_s: float = 600.0) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.monotonic()
    result: dict[str, Any] = {"ok": False, "steps": []}

    def step(name: str, **details: Any) -> None:
        result["steps"].append({"step": name, "seconds": round(time.monotonic() - started, 2), **details})

    from PySide6.QtCore import QEventLoop, QTimer, QtMsgType, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    def qt_messages(kind: QtMsgType, _context: object, message: str) -> None:
        # The offscreen platform cannot raise or resize native windows; that is expected here.
        if "This plugin does not support" in message:
            return
        if kind != QtMsgType.QtDebugMsg:
            print(f"Qt: {message}", file=sys.stderr)

    qInstallMessageHandler(qt_messages)

    from desktop_gpt import __version__
    from desktop_gpt.core.app.paths import AppPaths
    from desktop_gpt.core.app.privacy import is_locked_down
    from desktop_gpt.core.app.settings import Settings, save_settings
    from desktop_gpt.diagnostics.samplepdf import write_text_pdf

    app = QApplication.instance() or QApplication([sys.argv[0]])
    result["version"] = __version__
    source_models = AppPaths.resolve(data_dir).models_dir
    settings = Settings(temperature=0.0, max_answer_tokens=48).validate()
    missing = [m for m in (settings.chat_model, settings.embedding_model) if not (source_models / m).is_file()]
    problem = ""
    if missing:
        problem = f"Models missing in {source_models}: {', '.join(missing)}. Run: desktop-gpt setup"
    elif not is_locked_down():
        problem = "The privacy switches (desktop_gpt/core/app/privacy.py) are not set in this process."
    if problem:
        result["error"] = problem
        print(json.dumps(result, indent=2))
        return 1

    def wait(signal: Any, seconds: float) -> bool:
        loop = QEventLoop()
        fired: list[bool] = []

        def fire(*_args: object) -> None:
            fired.append(True)
            loop.quit()

        signal.connect(fire)
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()
        return bool(fired)

    with tempfile.TemporaryDirectory(prefix="desktop-gpt-selftest-") as tmp:
        root = Path(tmp)
        paths = AppPaths(root / "data", root / "data" / "config").ensure()
        needed = [settings.chat_model, settings.embedding_model]
        if settings.embedding_model.endswith(".onnx"):
            needed.append(Path(settings.embedding_model).with_suffix(".tokenizer.json").name)
        for name in needed:
            target = paths.models_dir / name
            try:
                target.symlink_to(source_models / name)
            except OSError:  # no symlinks (e.g. Windows without developer mode): copy
                shutil.copyfile(source_models / name, target)
        save_settings(settings, paths.settings_file)
        pdf = write_text_pdf(
            root / "port-report.pdf",
            [FILLER * 6, FILLER * 2 + FACT + " " + FILLER * 2, FILLER * 5],
            title="Port report",
        )
        step("prepared", models=str(source_models))
        try:
            step("welcome", **_check_welcome(app, paths))
        except Exception as exc:  # reported like every other step, never a traceback
            result["error"] = f"{type(exc).__name__}: {exc}"
            print(json.dumps(result, indent=2))
            return 1

        from desktop_gpt.ui.app import create_window

        window = create_window(paths)
        window.show()
        try:
            controller = window.controller
            if controller.workspace is None and not wait(controller.workspace_ready, timeout_s):
                raise RuntimeError("the library did not open")
            step("window shown and library opened")
            job = window.library.add_paths([str(pdf)])
            if job is None or not wait(job.finished, timeout_s) or job.error is not None:
                raise RuntimeError(f"indexing failed: {job.error if job else 'not started'}")
            report = job.result
            if report.count("added") != 1:
                raise RuntimeError(f"the sample PDF was not added: {[r.to_json() for r in report.results]}")
            step("indexed", pages=report.pages, chunks=report.chunks)

            window.chat.input.setPlainText(QUESTION)
            answer_job = window.chat.send()
            if answer_job is None or not wait(window.chat.answer_finished, timeout_s):
                raise RuntimeError("no answer arrived")
            message = window.chat.model.message(window.chat.model.rowCount() - 1)
            if message.error:
                raise RuntimeError(f"answering failed: {message.error}")
            if not message.sources or message.sources[0].page != 2:
                raise RuntimeError(f"the answer did not cite page 2: {[(s.document, s.page) for s in message.sources]}")
            source = message.sources[0]
            result["answer"] = message.text
            result["source"] = {"document": source.document, "page": source.page, "snippet": source.snippet}
            step("answered", tokens=len(message.text.split()))
            step("back ends", **_check_backends())
            step("ocr", **_check_ocr(AppPaths.resolve(data_dir).tessdata_dir, root))

            viewer = window.open_source(source)
            deadline = time.monotonic() + 30
            while viewer.current_page() != 2 and time.monotonic() < deadline:
                app.processEvents()
                time.sleep(0.01)
            if viewer.current_page() != 2 or viewer.document.pageCount() != 3:
                raise RuntimeError("the PDF viewer did not open the cited page")
            step("opened the cited page in the PDF viewer")

            office = _office_samples(root)
            job = window.library.add_paths([str(p) for p in office])
            if job is None or not wait(job.finished, timeout_s) or job.error is not None:
                raise RuntimeError(f"indexing office files failed: {job.error if job else 'not started'}")
            outcomes = {r.path.name: (r.outcome, r.detail) for r in job.result.results}
            if any(outcome != "added" for outcome, _ in outcomes.values()):
                raise RuntimeError(f"office files were not all read: {outcomes}")
            step("indexed office files", files=sorted(outcomes))
            result["ok"] = True
        except Exception as exc:  # reported, never a traceback on the console
            result["error"] = f"{type(exc).__name__}: {exc}"
        finally:
            window.close()
    result["seconds"] = round(time.monotonic() - started, 2)
    print(json.dumps(result, indent=2))
    return 0 if result["ok"] else 1
