(function(d){d.className="js";try{var t=localStorage.getItem("sitegen-theme");if(t=="dark"||t=="light")d.setAttribute("data-theme",t)}catch(e){}
/* Opened from a file, the browser runs no module script: the search button says why it cannot search. */
if(location.protocol=="file:")document.addEventListener("click",function(e){var b=e.target.closest&&e.target.closest(".search-button"),s=document.getElementById("search");if(b&&s&&s.showModal&&!s.open){s.showModal();s.querySelector(".search-status").textContent=s.getAttribute("data-s-file")}})})(document.documentElement)
