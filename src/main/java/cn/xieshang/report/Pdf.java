package cn.xieshang.report;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.PageSize;
import com.lowagie.text.pdf.BaseFont;
import java.io.IOException;

/** The look every written document shares: A4 with wide margins, in Song type (OpenPDF's Adobe CJK font). */
final class Pdf {

    private Pdf() {
    }

    static Document a4() {
        return new Document(PageSize.A4, 56, 56, 56, 56);
    }

    /** Song (宋体) from OpenPDF's bundled Adobe font metrics: Chinese renders without shipping a font file. */
    static BaseFont song() throws DocumentException, IOException {
        return BaseFont.createFont("STSongStd-Light", "UniGB-UCS2-H", BaseFont.NOT_EMBEDDED);
    }
}
