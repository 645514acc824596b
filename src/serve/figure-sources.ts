/**
 * The preview's "sources" toggle: a button (or the key S) that marks every figure of the page
 * and shows its source when the pointer rests on it, as `report figures` lists them. The page
 * asks /figures.json once; each figure is found in the page's text in the order report.md
 * prints them, after the contents list (which repeats headings) and outside the cover's imprint.
 */
export const figureSourcesScript = `<style>
.report-sources-toggle{position:fixed;right:12px;bottom:12px;z-index:10;font:13px system-ui,sans-serif;padding:4px 10px;border:1px solid #888;border-radius:4px;background:#fff;color:#222;cursor:pointer}
body.report-show-sources mark.report-figure{background:#fff3b0;outline:1px solid #d9b300;cursor:help}
mark.report-figure{background:none;color:inherit}
@media print{.report-sources-toggle{display:none}}
</style>
<script>(()=>{
const button=document.createElement("button");
button.type="button";button.className="report-sources-toggle";button.textContent="Sources";
button.title="Show where each figure comes from (S)";
let loaded;
const mark=(figures)=>{
  const roots=[...document.querySelectorAll("header.cover h1, header.cover blockquote, main")];
  const nodes=[];
  for(const root of roots){const walker=document.createTreeWalker(root,NodeFilter.SHOW_TEXT);while(walker.nextNode())nodes.push(walker.currentNode);}
  let at=0,offset=0;
  for(const figure of figures){
    if(figure.section==="front matter")continue;
    for(let i=at;i<nodes.length;i++){
      const node=nodes[i];const found=node.data.indexOf(figure.text,i===at?offset:0);
      if(found===-1)continue;
      const range=document.createRange();range.setStart(node,found);range.setEnd(node,found+figure.text.length);
      const wrap=document.createElement("mark");wrap.className="report-figure";
      wrap.title=figure.kind+(figure.unit?" "+figure.unit:"")+"\\n"+figure.described.join("\\n")+(figure.printed_by?"\\nprinted by {{"+(figure.printed_by.helper==="value"?"":figure.printed_by.helper+" ")+figure.printed_by.expression+"}} at "+figure.printed_by.file+":"+figure.printed_by.line:"");
      range.surroundContents(wrap);
      const rest=wrap.nextSibling;
      if(rest&&rest.nodeType===3){nodes[i]=rest;at=i;offset=0;}else{at=i+1;offset=0;}
      break;
    }
  }
};
const toggle=()=>{
  loaded??=fetch("/figures.json").then((r)=>r.ok?r.json():Promise.reject(new Error(r.statusText))).then((list)=>mark(list.figures));
  loaded.then(()=>document.body.classList.toggle("report-show-sources"),(e)=>{button.textContent="Sources: "+e.message;});
};
button.addEventListener("click",toggle);
document.addEventListener("keydown",(e)=>{if((e.key==="s"||e.key==="S")&&!e.ctrlKey&&!e.metaKey&&!e.altKey&&!(e.target instanceof HTMLInputElement))toggle();});
document.body.append(button);
})();</script>`;
